using Bunit;
using Psa.Web.Components.Pages.Public;
using Shouldly;

namespace Psa.Tests.Components;

public sealed class SignupTests : ComponentTestContext
{
    [Fact]
    public async Task TypingTheCompany_SuggestsAnAddressAndChecksIt()
    {
        _ = App.Server;
        var cut = RenderInteractive<Signup>();
        cut.Find("input[name=company]").Input("Acme Corp!");
        cut.WaitForAssertion(() => cut.Find("[data-testid=slug-availability]").TextContent.ShouldContain("acme-corp.localhost is available"), Patience);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task TypingATakenOrReservedAddress_SaysSo()
    {
        await App.CreateTenantAsync("acme");
        var cut = RenderInteractive<Signup>();
        cut.Find("input[name=slug]").Input("acme");
        cut.WaitForAssertion(() => cut.Find("[data-testid=slug-availability]").TextContent.ShouldContain("already taken"), Patience);
        cut.Find("input[name=slug]").Input("admin");
        cut.WaitForAssertion(() => cut.Find("[data-testid=slug-availability]").TextContent.ShouldContain("reserved"), Patience);
    }

    [Fact]
    public void SubmittingBadInput_NamesEachField_AndCreatesNothing()
    {
        _ = App.Server;
        var cut = RenderInteractive<Signup>();
        cut.Find("input[name=company]").Input("Acme");
        cut.Find("input[name=company]").Change("Acme");
        cut.Find("input[name=email]").Change("not-an-email");
        cut.Find("input[name=password]").Change("weak");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() =>
        {
            var errors = cut.FindAll(".psa-field-error").Select(e => e.TextContent).ToList();
            errors.ShouldContain(e => e.Contains("Your name is required"));
            errors.ShouldContain(e => e.Contains("Email must be a valid email address"));
            errors.ShouldContain(e => e.Contains("Password must be at least"));
        }, Patience);
        cut.Find(".psa-alert-error").TextContent.ShouldContain("correct the highlighted fields");
        Directory.Exists(Path.Combine(App.DataDirectory, "tenants")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Acme Corp", "acme-corp")]
    [InlineData("  Zürich & Co. GmbH ", "z-rich-co-gmbh")]
    [InlineData("IT!!", "it")]
    public void Suggest_MakesAValidLookingAddress(string company, string expected) =>
        Signup.Suggest(company).ShouldBe(expected);
}
