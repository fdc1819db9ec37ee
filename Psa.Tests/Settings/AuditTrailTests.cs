using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Identity;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Billing;
using Psa.Tests.Support;
using Psa.Web.Audit;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Settings;
using Psa.Web.Users;
using Shouldly;

namespace Psa.Tests.Settings;

/// <summary>The workspace audit trail: who did what and when, before and after, append-only, filtered on /settings/audit and exported as CSV.</summary>
public sealed class AuditTrailTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    private async Task<List<AuditEntry>> EntriesAsync(ProvisionResult tenant)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        return await db.AuditTrail.AsNoTracking().OrderBy(e => e.AtUtc).ToListAsync();
    }

    [Fact]
    public async Task AgreementTermsAndRates_AndACostRate_AreAuditedWithBeforeAndAfter()
    {
        var tenant = await _app.CreateTenantAsync("rates");
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<Psa.Web.Clients.ClientService>().SaveAsync(null, new Psa.Web.Clients.ClientInput(_acme, "Acme", 20, null, null));
            var agreements = sp.GetRequiredService<AgreementService>();
            await agreements.SaveAsync(new AgreementForm { Code = "acme-tm", Name = "Acme support", ClientCode = _acme, HourlyRate = 150m, CoversEveryWorkType = true, Start = new DateOnly(2026, 1, 1) });
            var form = (await agreements.GetAsync("acme-tm"))!;
            form.HourlyRate = 165m;
            await agreements.SaveAsync(form);

            var owner = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(PsaClaims.Tenant, "rates"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, StaffRoles.Owner)], "test"));
            var engineers = sp.GetRequiredService<Psa.Web.Engineers.EngineerService>();
            var id = await engineers.SaveAsync(null, new Psa.Web.Engineers.EngineerInput("tom", "Tom Tech", null, null, 60m, 40m, Psa.Domain.Engineers.WorkingDays.Weekdays), owner);
            await engineers.SetCostRateAsync(id, 62.5m, owner);
        }

        var entries = await EntriesAsync(tenant);
        entries.Single(e => e.Action == "agreement.created").Category.ShouldBe(AuditCategory.Agreements);
        var changed = entries.Single(e => e.Action == "agreement.changed");
        changed.Subject.ShouldBe("Agreement acme-tm");
        changed.Before.ShouldNotBeNull().ShouldContain("150");
        changed.After.ShouldNotBeNull().ShouldContain("165");
        var rates = entries.Where(e => e.Action == "rate.cost-changed").ToList();
        rates.Select(e => (e.Before, e.After)).ShouldBe([(null, "60.00"), ("60.00", "62.50")]);
        rates.ShouldAllBe(e => e.Subject == "Cost rate of Tom Tech");
    }

    [Fact]
    public async Task BillingRun_Approval_AndIssue_ByAnApiClient_AreAuditedWithWhoAndBeforeAndAfter()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        ApiClientService.Registered connector;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<ScenarioImportService>()
                .ImportJsonAsync(ScenarioFiles.Read("s01-time-and-materials-tiers.json"), includeSettings: true);
            connector = await scope.ServiceProvider.GetRequiredService<ApiClientService>().CreateAsync("Accounting connector", ["billing:write"]);
        }

        var token = await _app.ClientFor(_acme).PostAsync(OAuthServer.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = connector.Client.ClientId, ["client_secret"] = connector.Secret,
        }));
        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        var api = _app.ClientFor(_acme);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString());
        var period = JsonDocument.Parse(ScenarioFiles.Read("s01-time-and-materials-tiers.json")).RootElement.GetProperty("period").GetString();
        var run = await api.PostAsync($"/api/v1/billing/runs?period={period}", null);
        run.StatusCode.ShouldBe(HttpStatusCode.Created, await run.Content.ReadAsStringAsync());
        var invoiceId = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("invoices")[0].GetGuid();
        (await api.PostAsync($"/api/v1/invoices/{invoiceId}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.PostAsync($"/api/v1/invoices/{invoiceId}/issue", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var entries = await EntriesAsync(tenant);
        var who = "API client Accounting connector";
        var billed = entries.Single(e => e.Action == "billing-run.completed");
        billed.ActorName.ShouldBe(who);
        billed.Category.ShouldBe(AuditCategory.Billing);
        billed.Subject.ShouldContain(period!);
        var approved = entries.Single(e => e.Action == "invoice.approved");
        approved.ActorName.ShouldBe(who);
        approved.Before.ShouldStartWith("status Draft");
        approved.After.ShouldStartWith("status Approved");
        var issued = entries.Single(e => e.Action == "invoice.issued");
        issued.Subject.ShouldContain("INV-00001");
        issued.After.ShouldStartWith("status Issued");
        entries.Single(e => e.Action == "api-client.created").After.ShouldBe("billing:write");
    }

    [Fact]
    public async Task RoleChange_Deactivation_Settings_AndSignIns_AreAudited_AndThePageFiltersAndExports()
    {
        var tenant = await _app.CreateTenantAsync(_acme, "owner@acme.test");
        string engineerId;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            engineerId = await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Erin Engineer", "erin@acme.test", TestData.Password, StaffRoles.Engineer);
            var staff = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
            await staff.ChangeRoleAsync(engineerId, StaffRoles.ProjectManager, tenant.OwnerUserId);
            await staff.ChangeRoleAsync(engineerId, StaffRoles.Engineer, tenant.OwnerUserId);
            var settings = scope.ServiceProvider.GetRequiredService<WorkspaceSettingsService>();
            var current = await settings.GetAsync();
            var rate = current.DefaultHourlyRate;
            current.DefaultHourlyRate = rate + 10m;
            (await settings.SaveAsync(current)).ShouldBeEmpty();
        }

        var wrong = await PsaAppFactory.FormPostAsync(_app.ClientFor(_acme), "/signin", "signin", new() { ["Input.Email"] = "owner@acme.test", ["Input.Password"] = "Not-The-Password-1" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        var owner = await _app.SignedInClientAsync(_acme, "owner@acme.test");
        var engineer = await _app.SignedInClientAsync(_acme, "erin@acme.test");
        // Only Owner, Admin and Billing read the audit trail.
        var denied = await engineer.GetAsync("/settings/audit.csv");
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.ToString().ShouldContain("/access-denied");

        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<StaffDirectory>().SetActiveAsync(engineerId, false, tenant.OwnerUserId);
        }

        var entries = await EntriesAsync(tenant);
        entries.Where(e => e.Action == "user.role-changed").Select(e => (e.Before, e.After))
            .ShouldBe([("role Engineer", "role Project manager"), ("role Project manager", "role Engineer")]);
        entries.Single(e => e.Action == "user.deactivated").Subject.ShouldBe("Erin Engineer <erin@acme.test>");
        var settingsChange = entries.Single(e => e.Action == "settings.workspace-changed");
        settingsChange.Before.ShouldStartWith("DefaultHourlyRate: ");
        settingsChange.After.ShouldStartWith("DefaultHourlyRate: ");
        settingsChange.Before.ShouldNotBe(settingsChange.After);
        entries.Single(e => e.Action == "staff.sign-in-failed").ActorName.ShouldBe("Anonymous (owner@acme.test)");
        entries.Where(e => e.Action == "staff.signed-in").Select(e => e.ActorName).ShouldBe([$"Owner {_acme}", "Erin Engineer"], ignoreOrder: true);

        var page = await owner.GetStringAsync("/settings/audit");
        page.ShouldContain("user.role-changed");
        page.ShouldContain("Erin Engineer &lt;erin@acme.test&gt;");

        var csv = await owner.GetStringAsync("/settings/audit.csv?category=" + Uri.EscapeDataString(AuditCategory.Users));
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("When (UTC),When (local),Who,Category,Action");
        lines.Skip(1).ShouldAllBe(l => l.Contains(",Users,", StringComparison.Ordinal));
        lines.Count(l => l.Contains("user.role-changed", StringComparison.Ordinal)).ShouldBe(2);
        csv.ShouldNotContain("staff.signed-in");
    }

    [Fact]
    public async Task AuditTrail_IsAppendOnly_AndItsCsvNeutralisesFormulas()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync("test.formula", AuditCategory.Settings, "=HYPERLINK(\"http://evil.test\")", after: "+1+2");
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var entry = await db.AuditTrail.SingleAsync();
        entry.ActorName.ShouldBe("System");

        var csv = AuditTrail.ToCsv([entry], TimeZoneInfo.Utc);
        csv.ShouldContain("\"'=HYPERLINK(\"\"http://evil.test\"\")\"");
        csv.ShouldContain(",\"'+1+2\",");

        entry.Subject = "changed";
        Should.Throw<InvalidOperationException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();
        db.AuditTrail.Remove(await db.AuditTrail.SingleAsync());
        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Billing_ReadsTheAuditTrail_ButCannotManageApiClients()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Bill Billing", "bill@acme.test", TestData.Password, StaffRoles.Billing);
        }

        var billing = await _app.SignedInClientAsync(_acme, "bill@acme.test");
        (await billing.GetAsync("/settings/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var clients = await billing.GetAsync("/settings/api-clients");
        clients.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        clients.Headers.Location!.ToString().ShouldContain("/access-denied");
    }
}
