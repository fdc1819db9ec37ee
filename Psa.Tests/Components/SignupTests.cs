using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Tests.Support;
using Psa.Web.Components.Pages.Public;
using Shouldly;

namespace Psa.Tests.Components;

/// <summary>Sign-up is a plain server-rendered form: these post it as a browser without a circuit does.</summary>
public sealed partial class SignupTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ThePage_IsAPlainFormPost_WithEveryLabelledField()
    {
        var page = await _app.ClientFor(null).GetStringAsync("/signup");
        page.ShouldContain("method=\"post\"");
        foreach (var (id, label) in new[] { ("company", "Company name"), ("slug", "Workspace address"), ("owner", "Your name"), ("email", "Email"), ("password", "Password") })
        {
            page.ShouldContain($"<label for=\"{id}\">{label}</label>");
            page.ShouldContain($"id=\"{id}\"");
        }

        SubmissionOf(page).ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task TheAddressCheck_SaysFreeTakenOrReserved()
    {
        await _app.CreateTenantAsync("acme");
        var client = _app.ClientFor(null);
        (await CheckAsync(client, "acme-corp")).ShouldBeNull();
        (await CheckAsync(client, "acme")).ShouldNotBeNull().ShouldContain("already taken");
        (await CheckAsync(client, "admin")).ShouldNotBeNull().ShouldContain("reserved");
        (await _app.ClientFor("acme").GetAsync("/signup/address?slug=x")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SubmittingBadInput_NamesEachField_KeepsWhatWasTyped_AndCreatesNothing()
    {
        _ = _app.Server;
        var response = await PsaAppFactory.FormPostAsync(_app.ClientFor(null), "/signup", "signup", new()
        {
            ["Input.Company"] = "Acme",
            ["Input.Slug"] = "acme",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "weak",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Your name is required");
        page.ShouldContain("Email must be a valid email address");
        page.ShouldContain("Password must be at least");
        page.ShouldContain("correct the highlighted fields");
        page.ShouldContain("value=\"Acme\"");
        page.ShouldContain("value=\"not-an-email\"");
        Directory.Exists(Path.Combine(_app.DataDirectory, "tenants")).ShouldBeFalse();
    }

    [Fact]
    public async Task PostingTheSameFormTwice_CreatesOneWorkspace_AndBothLeadIntoIt()
    {
        _ = _app.Server;
        var client = _app.ClientFor(null);
        var submission = SubmissionOf(await client.GetStringAsync("/signup"));
        Dictionary<string, string> Form(Guid id) => new()
        {
            ["Input.Submission"] = id.ToString(),
            ["Input.Company"] = "Bluebird Networks",
            ["Input.Slug"] = "bluebird",
            ["Input.Owner"] = "Bea Owner",
            ["Input.Email"] = "bea@bluebird.test",
            ["Input.Password"] = TestData.Password,
            ["Input.TimeZone"] = "Europe/London",
            ["Input.Currency"] = "GBP",
        };

        var posts = await Task.WhenAll(
            PsaAppFactory.FormPostAsync(client, "/signup", "signup", Form(submission)),
            PsaAppFactory.FormPostAsync(client, "/signup", "signup", Form(submission)));

        foreach (var post in posts)
        {
            post.StatusCode.ShouldBe(HttpStatusCode.Redirect, await post.Content.ReadAsStringAsync());
            post.Headers.Location!.ToString().ShouldStartWith("http://bluebird.localhost/handoff?token=");
        }

        posts[0].Headers.Location.ShouldNotBe(posts[1].Headers.Location);
        TenantSlug.TryParse("bluebird", out var slug, out _).ShouldBeTrue();
        (await _app.Service<TenantDirectory>().FindAsync(slug)).ShouldNotBeNull();

        // Another form (another person) asking for the same address is refused, naming the field.
        var other = await PsaAppFactory.FormPostAsync(client, "/signup", "signup", Form(Guid.NewGuid()));
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await other.Content.ReadAsStringAsync()).ShouldContain("already taken");
    }

    [Theory]
    [InlineData("Acme Corp", "acme-corp")]
    [InlineData("  Zürich & Co. GmbH ", "z-rich-co-gmbh")]
    [InlineData("IT!!", "it")]
    public void Suggest_MakesAValidLookingAddress(string company, string expected) =>
        Signup.Suggest(company).ShouldBe(expected);

    private static async Task<string?> CheckAsync(HttpClient client, string slug) =>
        (await client.GetFromJsonAsync<Psa.Web.Api.SignupAddressCheck>("/signup/address?slug=" + slug))!.Problem;

    private static Guid SubmissionOf(string page) =>
        Guid.Parse(SubmissionField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"Input.Submission\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionField();
}
