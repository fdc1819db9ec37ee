using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Identity;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Components;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Psa.Web.Components.Pages.Reconciliation;
using Psa.Web.Components.Pages.Workspace;
using Psa.Web.Projects;
using Psa.Web.Reconciliation;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.Reconciliation;

/// <summary>Issue 12 §5: the dashboard's morning view, its figures from the owning services, trimmed by role and live.</summary>
public sealed class MorningViewTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    private ProvisionResult _tenant = null!;
    private Guid _clientId;
    private DateOnly _today;


    [Fact]
    public async Task Owner_SeesMoneyAtRisk_Findings_LateProjects_Utilisation_AndMargin_LiveAsTimeIsLogged()
    {
        await WorkspaceAsync();
        var owner = await OwnerEngineerAsync();
        await LogAsync(owner, 120);
        await using (var scope = Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ReconciliationService>().RunAsync();
        }

        SignIn(_tenant.OwnerUserId, StaffRoles.Owner);
        var cut = RenderInteractive<MorningView>();

        // 2 h of billable, unapproved time at the client's 100.00 an hour.
        cut.WaitForAssertion(() => cut.Find("[data-testid=unapproved-time]").TextContent.ShouldContain("200.00"), Patience);
        cut.Find("[data-testid=overdue-invoices]").TextContent.ShouldContain("120.00");
        cut.Find("[data-testid=overdue-invoices]").TextContent.ShouldContain("1 invoice past due");
        cut.Find("[data-testid=open-findings] tr[data-code=overdue]").TextContent.ShouldContain("120.00");
        cut.Find("[data-testid=open-findings] a").GetAttribute("href").ShouldBe("/reconciliation");
        cut.Find("[data-testid=open-findings] tr[data-code=overdue] a").GetAttribute("href").ShouldBe("/reconciliation?code=overdue");
        cut.Find("[data-testid=overdue-invoices]").GetAttribute("href").ShouldBe("/reconciliation?code=overdue");
        var risky = cut.Find("[data-testid=projects-at-risk]").TextContent;
        risky.ShouldContain("Late rollout");
        risky.ShouldContain("late: ended");
        risky.ShouldNotContain("On schedule");
        cut.Find("[data-testid=week-utilisation]").TextContent.ShouldContain("Utilisation this week");
        cut.Find("[data-testid=week-utilisation]").TextContent.ShouldContain("target of 75 %");
        cut.Find("[data-testid=service-line-margin] tr[data-line='Managed services']").TextContent.ShouldContain("100.00");
        cut.Find("[data-testid=service-line-margin] a").GetAttribute("href").ShouldBe("/profitability");

        await LogAsync(owner, 60);
        cut.WaitForAssertion(() => cut.Find("[data-testid=unapproved-time]").TextContent.ShouldContain("300.00"), Patience);
    }

    [Fact]
    public async Task Engineer_SeesOnlyTheirOwnWeekAndTasks()
    {
        await WorkspaceAsync();
        await LogAsync(await OwnerEngineerAsync(), 120);
        string engineerUserId;
        Guid engineerId;
        await using (var scope = Scope())
        {
            engineerUserId = await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eve Engineer", "eve@example.com", TestData.Password, StaffRoles.Engineer);
            engineerId = (await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(engineerUserId)).Id;
        }

        await LogAsync(engineerId, 90);
        SignIn(engineerUserId, StaffRoles.Engineer);
        var cut = RenderInteractive<MorningView>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=week-utilisation]").TextContent.ShouldContain("My week"), Patience);
        var week = cut.Find("[data-testid=week-utilisation]");
        week.QuerySelectorAll("tr[data-engineer]").Select(r => r.GetAttribute("data-engineer")).ShouldBe(["Eve Engineer"]);
        week.TextContent.ShouldContain("1.5 billable");
        cut.Find("[data-testid=my-tasks]").TextContent.ShouldContain("No open task is assigned to you.");
        cut.FindAll("[data-testid=unapproved-time]").ShouldBeEmpty();
        cut.FindAll("[data-testid=overdue-invoices]").ShouldBeEmpty();
        cut.FindAll("[data-testid=open-findings]").ShouldBeEmpty();
        cut.FindAll("[data-testid=projects-at-risk]").ShouldBeEmpty();
        cut.FindAll("[data-testid=service-line-margin]").ShouldBeEmpty();
        cut.Markup.ShouldNotContain("Late rollout");
    }

    [Fact]
    public async Task ServiceLines_AreConfigured_Mapped_AndDrilledInto()
    {
        var owner = await CostedWorkspaceAsync("MS", "Managed seat", 100m);
        await using var scope = Scope();

        await LogAsync(owner, 120);
        var lines = scope.ServiceProvider.GetRequiredService<ServiceLineService>();
        await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.MapAsync(ServiceLineSource.WorkType, "remote", "Remote support"));
        await lines.AddLineAsync("Remote support");
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.AddLineAsync("remote support"))).Field.ShouldBe("Service line");
        await lines.MapAsync(ServiceLineSource.WorkType, "remote", "Remote support");
        await lines.SetProductAsync("MS", 30m, ServiceLines.Licensing);
        await lines.SaveSettingsAsync(7, 7, 60, 10m, 80m);
        (await Should.ThrowAsync<Psa.Domain.ValidationFailedException>(() => lines.SaveSettingsAsync(7, 7, 0, 10m, 80m))).Errors.Single().Field.ShouldBe("Renewal window (days)");
        (await lines.GetAsync()).Lines.ShouldBe([.. ServiceLines.Defaults, "Remote support"]);
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.RemoveLineAsync("Remote support"))).Message.ShouldContain("still mapped");

        var profit = scope.ServiceProvider.GetRequiredService<ProfitabilityService>();
        var month = BillingPeriod.Containing(_today);
        var rows = await profit.TableAsync(month, month);
        // 2 h × 50.00 × (1 + 10 %) of remote support; the invoiced seat is licensing at 30.00 unit cost.
        rows.Single(r => r.ServiceLine == "Remote support").Cost.ShouldBe(110m);
        rows.Single(r => r.ServiceLine == ServiceLines.Licensing).ShouldSatisfyAllConditions(r => r.Revenue.ShouldBe(100m), r => r.Cost.ShouldBe(30m));

        var cell = await profit.CellAsync("acme", ServiceLines.Licensing, month, month);
        var revenue = cell.Revenue.ShouldHaveSingleItem();
        revenue.Document!.ShouldStartWith("INV-");
        revenue.Link!.ShouldStartWith("/billing/invoices/");
        cell.Cost.ShouldHaveSingleItem().Detail.ShouldBe("MS: 1 × 30.00 unit cost");
        var time = (await profit.CellAsync("acme", "Remote support", month, month)).Cost.ShouldHaveSingleItem();
        time.Source.ShouldBe((await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId)).Name);
        time.Detail!.ShouldContain("2 h × 50.00 × (1 + 10 %)");
    }

    [Fact]
    public async Task RenewalWithoutQuote_ADeclinedRenewalQuoteStillCountsAsNoQuote()
    {
        await WorkspaceAsync();
        Guid quoteId;
        await using (var scope = Scope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var agreement = Psa.Domain.Contracts.ServiceAgreement.Create("acme-msa", _clientId, AgreementType.Recurring, _today.AddMonths(-11), "Acme managed services");
            agreement.SetDates(_today.AddMonths(-11), _today.AddDays(20));
            db.Agreements.Add(agreement);
            var quote = Psa.Domain.Quotes.Quote.Create("Q-1001", _clientId, "Acme renewal", _today);
            quote.RenewsAgreementId = agreement.Id;
            quote.MarkSent();
            db.Quotes.Add(quote);
            await db.SaveChangesAsync();
            quoteId = quote.Id;
        }

        async Task<IReadOnlyList<string>> RenewalFindingsAsync()
        {
            await using var scope = Scope();
            var service = scope.ServiceProvider.GetRequiredService<ReconciliationService>();
            await service.RunAsync();
            return (await service.ListAsync(FindingCodes.RenewalWithoutQuote, FindingStatus.Open)).Select(f => f.Ref).ToList();
        }

        (await RenewalFindingsAsync()).ShouldBeEmpty("a sent renewal quote names the agreement");

        await using (var scope = Scope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            (await db.Quotes.SingleAsync(q => q.Id == quoteId)).Decline();
            await db.SaveChangesAsync();
        }

        (await RenewalFindingsAsync()).ShouldBe(["acme-msa"], "the client said no: the agreement still ends with no renewal on the table");

        // The dashboard links a finding code to the page filtered by that code (the overdue invoice is left out).
        Services.GetRequiredService<NavigationManager>().NavigateTo("/reconciliation?code=renewal_without_quote");
        var page = RenderInteractive<ReconciliationPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=findings] tr[data-finding]").Select(r => r.GetAttribute("data-finding")).ShouldBe(["acme-msa"]), Patience);
        page.Find("[data-testid=findings]").TextContent.ShouldContain($"Ends {_today.AddDays(20).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}");
        page.Find("[data-testid=findings]").TextContent.ShouldNotMatch(@"\d{4}-\d{2}-\d{2}", "dates read as on every other page (first seen, ends)");
    }

    [Fact]
    public async Task ServiceLines_AreRenamed_WithTheirMappingsProductsAndBuiltInRules()
    {
        var owner = await CostedWorkspaceAsync("LIC", "Licence", 10m);
        await using var scope = Scope();

        await LogAsync(owner, 60);
        var lines = scope.ServiceProvider.GetRequiredService<ServiceLineService>();
        await lines.AddLineAsync("Remote support");
        await lines.MapAsync(ServiceLineSource.WorkType, "remote", "Remote support");
        await lines.SetProductAsync("LIC", 5m, "Remote support");

        await lines.RenameLineAsync("Remote support", "Helpdesk");
        await lines.RenameLineAsync(ServiceLines.ManagedServices, "Managed IT");

        var setup = await lines.GetAsync();
        setup.Lines.ShouldBe(["Managed IT", ServiceLines.Projects, ServiceLines.BreakFix, ServiceLines.Licensing, ServiceLines.PrepaidBlocks, "Helpdesk"]);
        setup.BuiltIn.ShouldContain("Managed IT");
        setup.BuiltIn.ShouldNotContain("Helpdesk");
        setup.Mappings.Single(m => m.Key == "remote").ServiceLine.ShouldBe("Helpdesk");
        setup.Mappings.Single(m => m.Key == nameof(AgreementType.Recurring)).Default.ShouldBe("Managed IT");
        setup.Products.Single(p => p.Code == "LIC").ServiceLine.ShouldBe("Helpdesk");

        // The recurring line's revenue follows the built-in rule to the renamed line; the time follows its mapping.
        var month = BillingPeriod.Containing(_today);
        var rows = await scope.ServiceProvider.GetRequiredService<ProfitabilityService>().TableAsync(month, month);
        rows.Single(r => r.ServiceLine == "Managed IT").Revenue.ShouldBe(100m);
        rows.Single(r => r.ServiceLine == "Helpdesk").Cost.ShouldBe(Psa.Domain.Common.MoneyMath.Round2(50m * (1 + (await lines.SettingsAsync()).OverheadPercent / 100m)));
        rows.ShouldNotContain(r => r.ServiceLine == ServiceLines.ManagedServices || r.ServiceLine == "Remote support");

        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.RenameLineAsync("Helpdesk", "managed it"))).Field.ShouldBe("Service line");
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.RenameLineAsync("Helpdesk", " "))).Field.ShouldBe("Service line");
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => lines.RemoveLineAsync("Managed IT"))).Message.ShouldContain("cannot be removed");
    }

    [Fact]
    public async Task Margin_WithNothingToChart_SaysSoInsteadOfAnEmptyChart()
    {
        _tenant = await App.CreateTenantAsync(App.NewSlug("quiet"));
        Tenant.Set(_tenant.Tenant);
        await using (var scope = Scope())
        {
            _today = scope.ServiceProvider.GetRequiredService<ReconciliationService>().Today();
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var client = Psa.Domain.Clients.Client.Create("acme", "Acme Co", 0.2m, 100m);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            _clientId = client.Id;
        }

        // Time by an engineer without a cost rate, nothing invoiced: a service line with 0.00 revenue and 0.00 cost.
        await LogAsync(await OwnerEngineerAsync(), 60);
        SignIn(_tenant.OwnerUserId, StaffRoles.Owner);
        var cut = RenderInteractive<MorningView>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=margin-empty]").TextContent.ShouldContain("No revenue or labour cost"), Patience);
        cut.FindAll("[data-testid=service-line-margin] .mud-chart").ShouldBeEmpty();
        cut.FindAll("[data-testid=service-line-margin] tr[data-line]").ShouldBeEmpty();
    }

    private AsyncServiceScope Scope() => App.Service<TenantScopeFactory>().Open(_tenant.Tenant);

    private async Task WorkspaceAsync()
    {
        _tenant = await App.CreateTenantAsync(App.NewSlug("morning"));
        Tenant.Set(_tenant.Tenant);
        await using var scope = Scope();
        _today = scope.ServiceProvider.GetRequiredService<ReconciliationService>().Today();
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var client = Psa.Domain.Clients.Client.Create("acme", "Acme Co", 0.2m, 100m);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            _clientId = client.Id;

            // Issued 40 days ago on 30-day terms: overdue by 10 days.
            var invoice = CustomerInvoice.Draft(client.Id, "default", BillingPeriod.Containing(_today), "GBP", null, DateTimeOffset.UtcNow);
            invoice.AddLine(new CustomerInvoiceLine("recurring", "MS", "Managed services", "AG-1", 1, 100m, 100m, 20m, "200", "AG-1"));
            invoice.Approve();
            invoice.Issue(1, _today.AddDays(-40), 30);
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
        }

        var editor = scope.ServiceProvider.GetRequiredService<ProjectEditor>();
        await editor.CreateAsync(new ProjectInput("late-1", _clientId, "Late rollout", null, ProjectStatus.Active, null, _today.AddDays(-60), _today.AddDays(-5),
            null, null, ProjectBillingModel.Upfront, null, null, RoutingMode.Manual, null, null));
        await editor.CreateAsync(new ProjectInput("ok-1", _clientId, "On schedule", null, ProjectStatus.Active, null, _today.AddDays(-5), _today.AddDays(30),
            null, null, ProjectBillingModel.Upfront, null, null, RoutingMode.Manual, null, null));
    }

    /// <summary>The workspace with the owner's engineer at a 50.00 cost rate and a product; returns the engineer.</summary>
    private async Task<Guid> CostedWorkspaceAsync(string productCode, string productName, decimal price)
    {
        await WorkspaceAsync();
        var owner = await OwnerEngineerAsync();
        await using var scope = Scope();
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var engineer = await db.Engineers.SingleAsync(e => e.Id == owner);
        engineer.Update(engineer.Code, engineer.Name, 50m, engineer.WeeklyCapacityHours);
        db.Products.Add(Psa.Domain.Contracts.ServiceProduct.Create(productCode, productName, true, price));
        await db.SaveChangesAsync();
        return owner;
    }

    private async Task<Guid> OwnerEngineerAsync()
    {
        await using var scope = Scope();
        return (await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId)).Id;
    }

    private async Task LogAsync(Guid engineerId, int minutes)
    {
        await using var scope = Scope();
        await scope.ServiceProvider.GetRequiredService<TimeEntryService>().CreateAsync(engineerId, new TimeEntryInput
        {
            ClientId = _clientId, Date = _today.ToDateTime(TimeOnly.MinValue), StartTime = new TimeOnly(0, 30), Minutes = minutes, WorkTypeCode = "remote", Billable = true,
        });
    }

    private void SignIn(string userId, string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userId);
        auth.SetRoles(role);
        auth.SetPolicies(TestPolicies.ForRoles(role));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId), new Claim(PsaClaims.Tenant, _tenant.Tenant.Slug.Value));
    }
}
