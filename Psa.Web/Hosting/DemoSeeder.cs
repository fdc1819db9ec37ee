using Microsoft.EntityFrameworkCore;
using Psa.Domain.Identity;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Hosting;

/// <summary>Creates the <c>demo</c> workspace with a realistic team on first start.</summary>
public sealed class DemoSeeder(
    TenantProvisioner provisioner,
    TenantDirectory directory,
    TenantScopeFactory scopes,
    ILogger<DemoSeeder> logger)
{
    public const string Slug = "demo";
    public const string OwnerEmail = "owner@demo.psa.test";
    public const string Password = "Demo-Password-1";

    public static readonly IReadOnlyList<(string Name, string Email, string Role)> Team =
    [
        ("Priya Shah", "priya@demo.psa.test", StaffRoles.ProjectManager),
        ("Tom Becker", "tom@demo.psa.test", StaffRoles.Engineer),
        ("Aisha Karim", "aisha@demo.psa.test", StaffRoles.Engineer),
        ("Marco Rossi", "marco@demo.psa.test", StaffRoles.Engineer),
        ("Grace Lin", "grace@demo.psa.test", StaffRoles.Billing),
    ];

    /// <returns>True when the workspace was created by this call.</returns>
    public async Task<bool> EnsureDemoAsync(CancellationToken cancellationToken = default)
    {
        if (await directory.FindAsync(TenantSlug.Parse(Slug), cancellationToken) is not null)
        {
            return false;
        }

        await CreateAsync(Slug, cancellationToken);
        return true;
    }

    /// <summary>
    /// Creates a workspace at <paramref name="slug"/> holding the demo's company, team and data (<c>Psa.Web tenant demo</c>:
    /// a fresh copy for a sales demo or a training session; the browser tests give each journey its own). The team signs in
    /// with the demo's addresses and password, which are per workspace like every account.
    /// </summary>
    public async Task<TenantInfo> CreateAsync(string slug, CancellationToken cancellationToken = default)
    {
        var result = await provisioner.ProvisionAsync(new ProvisionRequest(
            "Northwind IT Services", slug, "Olivia Grant", OwnerEmail, Password, "America/New_York", "USD"), cancellationToken);
        await using var scope = scopes.Open(result.Tenant);
        foreach (var (name, email, role) in Team)
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, name, email, Password, role);
        }

        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        db.TaxRates.Add(new TaxRate { Name = "NY sales tax", Rate = 0.08875m });
        db.GlAccounts.AddRange(
            new GlAccount { Code = "4100", Name = "Managed services" },
            new GlAccount { Code = "4200", Name = "Project revenue" },
            new GlAccount { Code = "4300", Name = "Prepaid block revenue" },
            new GlAccount { Code = "4500", Name = "Hardware resale" });
        var settings = await db.Settings.SingleAsync(cancellationToken);
        settings.AccentColor = "#0f766e";
        await db.SaveChangesAsync(cancellationToken);
        await Psa.Web.Projects.ProjectsDemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        // Time before billing: billing's demo adds last month's billed time, and time's demo only fills an empty ledger.
        await Psa.Web.TimeTracking.TimeDemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        await Psa.Web.Billing.BillingDemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        logger.LogInformation("Created the demo workspace at {Slug}", slug);
        return result.Tenant;
    }
}
