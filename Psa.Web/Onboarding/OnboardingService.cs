using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Onboarding;

/// <summary>One step of getting a workspace going, done when the workspace's own data says so.</summary>
public sealed record OnboardingStep(string Key, string Title, string Why, string Link, string Action, Permission Needs, bool Done);

/// <summary>
/// The "Getting started" checklist: each step is read from the workspace's data (a client exists, staff
/// were invited, …), never ticked by hand, so it shows real progress and disappears once all are done.
/// </summary>
public sealed class OnboardingService(TenantDbContextFactory databases)
{
    public async Task<IReadOnlyList<OnboardingStep>> StepsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var clients = await db.Clients.AnyAsync(cancellationToken);
        var staff = await db.Users.CountAsync(cancellationToken) > 1 || await db.Invitations.AnyAsync(cancellationToken);
        var agreements = await db.Agreements.AnyAsync(cancellationToken);
        var projects = await db.Projects.AnyAsync(cancellationToken);
        var time = await db.TimeEntries.AnyAsync(cancellationToken);
        var billed = await db.BillingRuns.AnyAsync(r => r.Status == BillingRunStatus.Completed, cancellationToken);
        var portal = await db.PortalAccounts.AnyAsync(cancellationToken);
        return
        [
            new("client", "Add your first client", "Projects, agreements, tickets and invoices all belong to a client.", "/clients", "Add client", Permission.ClientsManage, clients),
            new("staff", "Invite your staff", "Engineers log time and get tasks; project managers and billing staff get their own views.", "/settings/users", "Invite staff", Permission.Users, staff),
            new("agreement", "Create an agreement", "How a client's work is billed: time and materials, prepaid hours or a recurring fee.", "/billing/agreements/new", "New agreement", Permission.AgreementsManage, agreements),
            new("project", "Create a project", "Start from a template (server migration, Microsoft 365, network refresh, onboarding) or from scratch.", "/projects/new", "New project", Permission.ProjectsManage, projects),
            new("time", "Log time", "Start a timer on a task or add an entry on your timesheet.", "/time", "Log time", Permission.UseWorkspace, time),
            new("billing", "Run billing", "Turn approved time and agreements into draft invoices for a month.", "/billing", "Run billing", Permission.BillingRuns, billed),
            new("portal", "Invite a client contact", "Clients follow their projects, sign off phases and read invoices in the portal.", "/clients", "Open clients", Permission.PortalSettings, portal),
        ];
    }
}
