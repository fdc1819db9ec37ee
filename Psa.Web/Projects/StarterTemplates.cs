using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>
/// Ready-made templates a new workspace adds with one click (server migration, Microsoft 365 migration,
/// network refresh, client onboarding); they are ordinary templates afterwards, edited or removed like any other.
/// </summary>
public sealed class StarterTemplates(TenantDbContextFactory databases)
{
    public static IReadOnlyList<ProjectTemplate> All() =>
    [
        ProjectsDemoData.ServerMigrationTemplate(null),
        Renamed(ProjectsDemoData.M365Template(null), "Microsoft 365 migration", "Move mail, files and identities to Microsoft 365."),
        NetworkRefresh(),
        ClientOnboarding(),
    ];

    /// <summary>Adds the starter templates the workspace does not have yet (by name); returns how many were added.</summary>
    public async Task<int> AddAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var existing = await db.ProjectTemplates.Select(t => t.Name).ToListAsync(cancellationToken);
        var added = All().Where(t => !existing.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        db.ProjectTemplates.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        return added.Count;
    }

    private static ProjectTemplate Renamed(ProjectTemplate template, string name, string description)
    {
        template.Rename(name);
        template.Description = description;
        return template;
    }

    private static ProjectTemplate NetworkRefresh()
    {
        var template = ProjectTemplate.Create("Network refresh", "Network", RoutingMode.SkillsBased,
        [
            new TemplatePhase
            {
                Key = "survey", Name = "Survey & design", GateItems = ["Design approved by the client"], Tasks =
                [
                    new TemplateTask { Key = "survey", Title = "Site survey and current network map", Description = "Switches, access points, firewall, cabling and VLANs.", EstimateMinutes = 240, DurationDays = 1 },
                    new TemplateTask { Key = "design", Title = "Design the new network", Description = "VLANs, addressing, Wi-Fi coverage and the bill of materials.", EstimateMinutes = 300, StartOffsetDays = 1, DurationDays = 2, Predecessors = ["survey"] },
                ],
            },
            new TemplatePhase
            {
                Key = "install", Name = "Install & cut over", DependsOn = ["survey"], RequiresClientSignOff = true, MilestonePercent = 0.7m,
                GateItems = ["Configuration backed up"], Tasks =
                [
                    new TemplateTask { Key = "stage", Title = "Stage and configure switches, firewall and access points", EstimateMinutes = 480, StartOffsetDays = 5, DurationDays = 2, Predecessors = ["design"] },
                    new TemplateTask { Key = "cutover", Title = "Out-of-hours cutover", Description = "Swap the equipment, test every VLAN and the internet link.", EstimateMinutes = 360, StartOffsetDays = 8, DurationDays = 1, Predecessors = ["stage"], Checklist = ["Rollback plan printed", "Client contact on call"] },
                ],
            },
            new TemplatePhase
            {
                Key = "close", Name = "Handover", DependsOn = ["install"], MilestonePercent = 0.3m, Tasks =
                [
                    new TemplateTask { Key = "docs", Title = "As-built documentation and handover", EstimateMinutes = 180, StartOffsetDays = 9, DurationDays = 1, Predecessors = ["cutover"] },
                ],
            },
        ]);
        template.Description = "Replace switches, firewall and Wi-Fi with a planned out-of-hours cutover.";
        template.BillingModel = ProjectBillingModel.Milestone;
        return template;
    }

    private static ProjectTemplate ClientOnboarding()
    {
        var template = ProjectTemplate.Create("Client onboarding", "Onboarding", RoutingMode.LoadBalancing,
        [
            new TemplatePhase
            {
                Key = "discover", Name = "Discovery", GateItems = ["Admin credentials in the vault"], Tasks =
                [
                    new TemplateTask { Key = "kickoff", Title = "Kickoff meeting and contacts", EstimateMinutes = 60, DurationDays = 1 },
                    new TemplateTask { Key = "audit", Title = "Audit devices, accounts and licences", EstimateMinutes = 360, StartOffsetDays = 1, DurationDays = 2, Predecessors = ["kickoff"] },
                ],
            },
            new TemplatePhase
            {
                Key = "standardise", Name = "Standardise & monitor", DependsOn = ["discover"], RequiresClientSignOff = true, MilestonePercent = 1m, Tasks =
                [
                    new TemplateTask { Key = "agents", Title = "Deploy monitoring and patching agents", EstimateMinutes = 240, StartOffsetDays = 3, DurationDays = 2, Predecessors = ["audit"] },
                    new TemplateTask { Key = "backup", Title = "Set up and test backups", EstimateMinutes = 180, StartOffsetDays = 4, DurationDays = 1, Predecessors = ["audit"] },
                    new TemplateTask { Key = "welcome", Title = "Welcome pack and service desk introduction", EstimateMinutes = 60, StartOffsetDays = 6, DurationDays = 1, Predecessors = ["agents", "backup"] },
                ],
            },
        ]);
        template.Description = "Take on a new managed-services client: audit, agents, backups and a welcome.";
        template.BillingModel = ProjectBillingModel.Milestone;
        return template;
    }
}
