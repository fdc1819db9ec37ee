using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Hosting;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Components;

/// <summary>
/// Issue 14 §2: pages people read show words, never internal codes. Every page of the busy demo workspace is
/// rendered as its first visitor gets it, and its visible text is searched for snake_case codes, enum member
/// names (<c>InProgress</c>, <c>AsWorked</c>) and raw ids.
/// </summary>
public sealed partial class HumanWordsTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly string[] Pages =
    [
        "/", "/projects", "/templates", "/clients", "/engineers", "/workload", "/time", "/timesheets", "/reports",
        "/quotes", "/billing/agreements", "/billing/blocks", "/tickets", "/tickets/mine", "/reports/sla",
        "/settings", "/settings/users", "/settings/holidays", "/settings/billing", "/settings/portal", "/notifications",
    ];

    // Enum members whose names are several words run together: shown raw, they read as code.
    private static readonly HashSet<string> EnumNames = typeof(Psa.Domain.DomainException).Assembly.GetTypes()
        .Where(t => t.IsEnum)
        .SelectMany(Enum.GetNames)
        .Where(n => n.Count(char.IsUpper) >= 2 && !n.All(char.IsUpper) && !Regex.IsMatch(n, "^[A-Z][0-9]+$"))
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Staff_pages_of_a_busy_workspace_show_no_codes_enum_names_or_ids()
    {
        _app.Settings["Psa:SeedDemo"] = "true";
        _ = _app.Server;
        var staff = await _app.SignedInClientAsync(DemoSeeder.Slug, DemoSeeder.OwnerEmail, DemoSeeder.Password);
        var pages = new List<string>(Pages);
        foreach (var (list, pattern) in new[] { ("/projects", "/projects/"), ("/quotes", "/quotes/"), ("/clients", "/clients/"), ("/tickets", "/tickets/"), ("/billing/agreements", "/billing/agreements/"), ("/templates", "/templates/") })
        {
            var html = await staff.GetStringAsync(list);
            pages.AddRange(Regex.Matches(html, $"href=\"({Regex.Escape(pattern)}[^\"/?#]+)\"").Select(m => m.Groups[1].Value).Where(p => !p.EndsWith("/new", StringComparison.Ordinal)).Distinct().Take(3));
        }

        pages.Count.ShouldBeGreaterThan(Pages.Length + 6, "the lists link to their projects, quotes, clients, tickets, agreements and templates");
        var found = new List<string>();
        foreach (var path in pages.Distinct())
        {
            var response = await staff.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var text = VisibleText(await response.Content.ReadAsStringAsync());
            text.Length.ShouldBeGreaterThan(200, path);
            found.AddRange(Problems(text).Select(p => $"{path}: {p}"));
        }

        found.ShouldBeEmpty();
    }

    [Fact]
    public async Task Portal_pages_a_client_contact_reads_show_no_codes_enum_names_or_ids()
    {
        _app.Settings["Psa:SeedDemo"] = "true";
        _ = _app.Server;
        await _app.SignedInClientAsync(DemoSeeder.Slug, DemoSeeder.OwnerEmail, DemoSeeder.Password); // the demo is seeded by now
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse(DemoSeeder.Slug)))!;
        Uri link;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var contact = await db.Contacts.SingleAsync(c => c.Email == "jamie.smith@contoso.example");
            link = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().InviteAsync(contact.Id, new Uri($"http://{DemoSeeder.Slug}.localhost/"), "Owner");
        }

        var portal = _app.ClientFor(DemoSeeder.Slug);
        var accepted = await PsaAppFactory.FormPostAsync(portal, link.PathAndQuery, "portal-accept", new()
        {
            ["Input.Token"] = Uri.UnescapeDataString(Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value),
            ["Input.Password"] = TestData.Password,
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var pages = new List<string> { "/portal", "/portal/quotes", "/portal/invoices", "/portal/tickets" };
        foreach (var list in pages.ToList())
        {
            var html = await portal.GetStringAsync(list);
            pages.AddRange(Regex.Matches(html, "href=\"(/portal/(?:projects|quotes|invoices|tickets)/[^\"/?#]+)\"").Select(m => m.Groups[1].Value).Distinct().Take(3));
        }

        pages.ShouldContain(p => p.StartsWith("/portal/projects/", StringComparison.Ordinal), "Contoso's contact follows its projects");
        var found = new List<string>();
        foreach (var path in pages.Distinct())
        {
            var response = await portal.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var text = VisibleText(await response.Content.ReadAsStringAsync());
            text.Length.ShouldBeGreaterThan(100, path);
            found.AddRange(Problems(text).Select(p => $"{path}: {p}"));
        }

        found.ShouldBeEmpty();
    }

    [Fact]
    public void The_check_finds_codes_enum_names_and_ids_and_passes_words()
    {
        Problems(VisibleText("<p>Kind <b>block_purchase</b>, status InProgress, id 3f2504e0-4f89-11d3-9a0c-0305e82c3301</p>")).Count().ShouldBe(3);
        Problems(VisibleText("<p>Prepaid block, in progress, owner@demo.psa.test, Contoso — P1</p><script>var a_b = 1;</script>")).ShouldBeEmpty();
    }

    internal static IEnumerable<string> Problems(string text)
    {
        foreach (Match m in SnakeCase().Matches(text))
        {
            yield return $"code “{m.Value}” in “{Around(text, m)}”";
        }

        foreach (Match m in Word().Matches(text))
        {
            if (EnumNames.Contains(m.Value))
            {
                yield return $"enum name “{m.Value}” in “{Around(text, m)}”";
            }
        }

        foreach (Match m in Id().Matches(text))
        {
            yield return $"id “{m.Value}” in “{Around(text, m)}”";
        }
    }

    private static string Around(string text, Match m) => text.Substring(Math.Max(0, m.Index - 40), Math.Min(text.Length - Math.Max(0, m.Index - 40), m.Length + 80)).Trim();

    /// <summary>The text a person sees: no scripts, styles, comments (Blazor's markers) or tags; entities decoded.</summary>
    internal static string VisibleText(string html)
    {
        html = Regex.Replace(html, "<(script|style|template)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        html = Regex.Replace(html, "<!--.*?-->", " ", RegexOptions.Singleline);
        html = Regex.Replace(html, "<[^>]+>", " ");
        return Regex.Replace(WebUtility.HtmlDecode(html), "\\s+", " ");
    }

    [GeneratedRegex(@"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@.-])")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"\b[A-Za-z]+\b")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b")]
    private static partial Regex Id();
}
