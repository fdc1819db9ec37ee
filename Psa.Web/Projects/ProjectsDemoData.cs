using Microsoft.EntityFrameworkCore;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Quotes;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>
/// Realistic delivery data for the demo workspace: clients with contacts and sites, engineers with
/// skills and calendars, a team, two templates, three projects in different states and a quote.
/// Clients are only created when their code is missing (billing seeds the same codes).
/// </summary>
public static class ProjectsDemoData
{
    public static async Task SeedAsync(IServiceProvider scope, CancellationToken cancellationToken = default)
    {
        var clock = scope.GetRequiredService<WorkspaceClock>();
        var today = clock.Today;
        var monday = WorkloadService.WeekStart(today);
        await using var db = scope.GetRequiredService<TenantDbContextFactory>().Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var contoso = await ClientAsync(db, "contoso", "Contoso Ltd", 0.08875m, 165m, [("Jamie Smith", "jamie.smith@contoso.example", "+1 212 555 0101"), ("Rita Patel", "rita.patel@contoso.example", null)], [("Head office", "350 Fifth Avenue, New York, NY"), ("Warehouse", "12 Harbor Road, Newark, NJ")]);
        var fabrikam = await ClientAsync(db, "fabrikam", "Fabrikam Inc", 0.08875m, 150m, [("Alex Chen", "alex.chen@fabrikam.example", "+1 646 555 0144")], [("Main office", "88 Madison Ave, New York, NY")]);
        var tailspin = await ClientAsync(db, "tailspin", "Tailspin Toys", 0.08875m, 140m, [("Morgan Lee", "morgan@tailspintoys.example", "+1 718 555 0190")], [("Studio", "41 Water Street, Brooklyn, NY")]);
        await ClientAsync(db, "adatum", "A. Datum Corporation", 0.08875m, 175m, [("Dana Brooks", "dana.brooks@adatum.example", null)], [("Campus", "1 Research Pkwy, Stamford, CT")]);
        await ClientAsync(db, "litware", "Litware Legal", 0.08875m, 180m, [("Chris Ward", "cward@litwarelegal.example", "+1 212 555 0177")], [("Chambers", "200 Park Ave, New York, NY")]);
        await db.SaveChangesAsync(cancellationToken);

        var engineers = await db.Engineers.Include(e => e.Skills).Include(e => e.TimeOff).ToListAsync(cancellationToken);
        Engineer Profile(string namePrefix, string fallbackCode, decimal cost, string title)
        {
            var e = engineers.FirstOrDefault(x => x.Name.StartsWith(namePrefix, StringComparison.Ordinal));
            if (e is null)
            {
                e = Engineer.Create(fallbackCode, namePrefix, cost);
                db.Engineers.Add(e);
                engineers.Add(e);
            }

            e.Update(e.Code, e.Name, cost, 40m);
            e.Title = title;
            return e;
        }

        void Skill(Engineer e, string name, int weight, string[] aliases, DateOnly? expires = null)
        {
            if (e.Skills.All(s => s.Name != name))
            {
                db.EngineerSkills.Add(e.AddSkill(name, weight, aliases, expires));
            }
        }

        var tom = Profile("Tom Becker", "tom", 62m, "Senior engineer");
        tom.Update(tom.Code, tom.Name, 62m, 32m);
        tom.SetWorkingDays(WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday);
        var aisha = Profile("Aisha Karim", "aisha", 68m, "Cloud engineer");
        var marco = Profile("Marco Rossi", "marco", 55m, "Network engineer");
        var priya = Profile("Priya Shah", "priya", 72m, "Project manager");
        var sam = Profile("Sam Okafor", "sam", 48m, "Contract engineer");
        Skill(tom, "Windows Server", 5, ["hyper-v", "server", "active directory", "file shares"]);
        Skill(tom, "Backup", 4, ["veeam", "backups", "restore"]);
        Skill(tom, "Azure", 4, ["entra"], today.AddDays(-20));
        Skill(aisha, "Azure", 5, ["entra", "intune", "az-104"], today.AddYears(1));
        Skill(aisha, "Microsoft 365", 5, ["m365", "exchange online", "mailbox", "mailboxes", "teams", "sharepoint"]);
        Skill(marco, "Networking", 5, ["firewall", "vpn", "switch", "switches", "wi-fi", "vlan"]);
        Skill(marco, "Fortinet", 4, ["fortigate", "nse4"], today.AddMonths(8));
        Skill(sam, "Cabling", 3, ["rack", "patch", "install"]);
        Skill(sam, "Windows Server", 2, ["server"]);
        Skill(priya, "Project management", 4, ["kickoff", "handover", "sign-off"]);
        if (marco.TimeOff.Count == 0)
        {
            db.TimeOff.Add(marco.AddTimeOff(monday.AddDays(14), monday.AddDays(18), "Family holiday"));
        }

        if (aisha.TimeOff.Count == 0)
        {
            db.TimeOff.Add(aisha.AddTimeOff(monday.AddDays(25), monday.AddDays(25), "Training day"));
        }

        var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == "Delivery", cancellationToken);
        if (team is null)
        {
            team = Team.Create("Delivery", [tom.Id, aisha.Id, marco.Id, sam.Id]);
            db.Teams.Add(team);
        }

        await db.SaveChangesAsync(cancellationToken);

        var migration = await TemplateAsync(db, ServerMigrationTemplate(team.Id), cancellationToken);
        var m365 = await TemplateAsync(db, M365Template(team.Id), cancellationToken);

        // An active project, half way: discovery complete, migration under way.
        if (!await db.Projects.AnyAsync(p => p.Code == "contoso-server-migration", cancellationToken))
        {
            var draft = migration.Draft(contoso.Id, "contoso-server-migration", "Contoso — Server migration", today.AddDays(-8));
            draft.BudgetAmount = draft.Value = 14_500m;
            draft.BudgetHours = 60m;
            draft.ProjectManagerUserId = priya.UserId;
            var router = await RoutingService.CreateAsync(db, RoutingMode.SkillsBased, team.Id, today, cancellationToken);
            RoutingService.RouteDraft(draft, router);
            var plan = ProjectDeployment.Build(draft);
            var discovery = plan.Phases[0];
            foreach (var task in plan.TasksOf(discovery.Id).ToList())
            {
                plan.ChangeStatus(task.Id, ProjectTaskStatus.Done, today.AddDays(-5));
            }

            foreach (var gate in plan.GateItems(discovery.Id).ToList())
            {
                plan.CheckItem(gate.Id, true, "Priya Shah", today.AddDays(-5));
            }

            var build = plan.TasksOf(plan.Phases[1].Id).ToList();
            plan.ChangeStatus(build[0].Id, ProjectTaskStatus.Done, today.AddDays(-2));
            plan.ChangeStatus(build[1].Id, ProjectTaskStatus.InProgress, today);
            plan.ChangeStatus(build[2].Id, ProjectTaskStatus.Blocked, today);
            // Tom works a four-day week and this copy lands on top of his queue: the workload shows him over capacity.
            var copy = plan.AddTask(plan.Phases[1].Id, "Overnight file copy and verification", 24 * 60, today.AddDays(1), today.AddDays(2), "Second pass of the file share copy, out of hours.");
            plan.AssignTask(copy.Id, tom.Id, "assigned by hand");
            ProjectStore.TrackNew(db, plan);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (task, who, minutes, daysAgo) in new[] { (plan.Tasks[0], priya, 60, 8), (plan.Tasks[1], tom, 300, 7), (plan.Tasks[2], tom, 180, 5), (build[0], sam, 420, 2), (build[1], tom, 240, 1) })
            {
                db.TimeEntries.Add(TimeEntry.Create(who.Id, contoso.Id, "project", today.AddDays(-daysAgo).ToDateTime(new TimeOnly(9, 0)), minutes, true, plan.Project.Id, task.Id));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        // Planned: an M365 onboarding starting next week, routed by load.
        if (!await db.Projects.AnyAsync(p => p.Code == "fabrikam-m365", cancellationToken))
        {
            var draft = m365.Draft(fabrikam.Id, "fabrikam-m365", "Fabrikam — Microsoft 365 onboarding", monday.AddDays(7));
            draft.BudgetAmount = draft.Value = 6_800m;
            draft.BillingModel = ProjectBillingModel.Deposit;
            draft.DepositPercent = 0.3m;
            draft.ProjectManagerUserId = priya.UserId;
            var router = await RoutingService.CreateAsync(db, draft.RoutingMode, team.Id, today, cancellationToken);
            RoutingService.RouteDraft(draft, router);
            var plan = ProjectDeployment.Build(draft);
            plan.Project.Status = ProjectStatus.Planned;
            ProjectStore.TrackNew(db, plan);
            await RoutingService.SavePointerAsync(db, team.Id, router, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        // Completed last month: a firewall refresh, signed off.
        if (!await db.Projects.AnyAsync(p => p.Code == "tailspin-firewall", cancellationToken))
        {
            var project = Project.Create("tailspin-firewall", tailspin.Id, "Tailspin — Firewall refresh");
            project.ProjectType = "Network";
            project.StartDate = monday.AddDays(-42);
            project.EndDate = monday.AddDays(-30);
            project.BudgetHours = 16m;
            project.BudgetAmount = 3_900m;
            project.Value = 3_900m;
            project.BillingModel = ProjectBillingModel.Upfront;
            project.ProjectManagerUserId = priya.UserId;
            var plan = new ProjectPlan(project, [], [], []);
            var design = plan.AddPhase("Design");
            var cutover = plan.AddPhase("Cutover", requiresClientSignOff: true);
            plan.AddPhaseDependency(cutover.Id, design.Id);
            var survey = plan.AddTask(design.Id, "Survey current firewall rules", 240, monday.AddDays(-42), monday.AddDays(-41));
            var config = plan.AddTask(cutover.Id, "Configure FortiGate and VPN", 360, monday.AddDays(-35), monday.AddDays(-34));
            var swap = plan.AddTask(cutover.Id, "Out-of-hours cutover", 240, monday.AddDays(-31), monday.AddDays(-31));
            plan.AddTaskDependency(config.Id, survey.Id);
            plan.AddTaskDependency(swap.Id, config.Id);
            foreach (var t in plan.Tasks)
            {
                plan.AssignTask(t.Id, marco.Id, "skills: Networking 5; available; 0 h queued");
                plan.ChangeStatus(t.Id, ProjectTaskStatus.Done, monday.AddDays(-30));
            }

            plan.RecordClientSignOff(cutover.Id, "Priya Shah", "Signed off by Morgan Lee on the cutover call", monday.AddDays(-30));
            project.Status = ProjectStatus.Completed;
            project.CompletedOn = monday.AddDays(-30);
            ProjectStore.TrackNew(db, plan);
            await db.SaveChangesAsync(cancellationToken);
            db.TimeEntries.Add(TimeEntry.Create(marco.Id, tailspin.Id, "project", monday.AddDays(-35).ToDateTime(new TimeOnly(10, 0)), 840, true, project.Id));
        }

        if (!await db.ProductBundles.AnyAsync(cancellationToken))
        {
            db.ProductBundles.Add(ProductBundle.Create("Server refresh",
            [
                new BundleLine(QuoteLineKind.Hardware, "Dell PowerEdge R660 server", 1, 7_450m),
                new BundleLine(QuoteLineKind.Hardware, "Windows Server 2025 Standard licence (16 core)", 1, 1_150m),
                new BundleLine(QuoteLineKind.Service, "Server migration project", 1, 6_900m, 40m, migration.Id),
            ]));
        }

        if (!await db.Quotes.AnyAsync(cancellationToken))
        {
            var quote = Quote.Create("Q-1001", fabrikam.Id, "Fabrikam server refresh", today);
            quote.AddLine(QuoteLineKind.Hardware, "Dell PowerEdge R660 server", 1, 7_450m);
            quote.AddLine(QuoteLineKind.Service, "Server migration project", 1, 6_900m, 40m, migration.Id);
            quote.AddLine(QuoteLineKind.Labour, "Out-of-hours cutover support", 4, 195m);
            quote.MarkSent();
            db.Quotes.Add(quote);
            db.QuoteLines.AddRange(quote.Lines);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static ProjectTemplate ServerMigrationTemplate(Guid? teamId)
    {
        var template = ProjectTemplate.Create("Server migration", "Server migration", RoutingMode.SkillsBased,
        [
            new TemplatePhase
            {
                Key = "discovery", Name = "Discovery & planning", GateItems = ["Kickoff call held with the client", "Migration plan approved"], Tasks =
                [
                    new TemplateTask { Key = "kickoff", Title = "Kickoff call and project sign-off", Description = "Agree scope, contacts and the cutover window.", EstimateMinutes = 60, DurationDays = 1 },
                    new TemplateTask { Key = "document", Title = "Document current server environment", Description = "Inventory roles, file shares, Active Directory and backups.", EstimateMinutes = 300, StartOffsetDays = 1, DurationDays = 2, Predecessors = ["kickoff"] },
                    new TemplateTask { Key = "plan", Title = "Write migration plan", Description = "Sequence, rollback and the cutover checklist.", EstimateMinutes = 180, StartOffsetDays = 3, DurationDays = 1, Predecessors = ["document"] },
                ],
            },
            new TemplatePhase
            {
                Key = "build", Name = "Build & migrate", DependsOn = ["discovery"], RequiresClientSignOff = true, MilestonePercent = 0.6m,
                GateItems = ["Backups verified by a test restore"], Tasks =
                [
                    new TemplateTask { Key = "rack", Title = "Rack and patch the new server", Description = "Install in the rack, patch to the core switch.", EstimateMinutes = 180, StartOffsetDays = 6, DurationDays = 1, Predecessors = ["plan"], Checklist = ["Firmware updated", "iDRAC configured"] },
                    new TemplateTask { Key = "provision", Title = "Provision Hyper-V host and VMs", Description = "Windows Server, Hyper-V role, domain join.", EstimateMinutes = 480, StartOffsetDays = 7, DurationDays = 2, Predecessors = ["rack"] },
                    new TemplateTask { Key = "data", Title = "Migrate file shares and permissions", Description = "Robocopy file shares, verify NTFS permissions.", EstimateMinutes = 480, StartOffsetDays = 9, DurationDays = 2, Predecessors = ["provision"] },
                    new TemplateTask { Key = "backup", Title = "Configure Veeam backups", Description = "Backup jobs, offsite copy and a test restore.", EstimateMinutes = 240, StartOffsetDays = 9, DurationDays = 2, Predecessors = ["provision"] },
                    new TemplateTask { Key = "azure", Title = "Set up Entra Connect sync", Description = "Sync Active Directory to Azure / Entra ID.", EstimateMinutes = 180, StartOffsetDays = 11, DurationDays = 1, Predecessors = ["data"] },
                ],
            },
            new TemplatePhase
            {
                Key = "handover", Name = "Handover & closure", DependsOn = ["build"], MilestonePercent = 0.4m, GateItems = ["Documentation delivered"], Tasks =
                [
                    new TemplateTask { Key = "decom", Title = "Decommission the old server", Description = "Wipe disks, remove from the domain.", EstimateMinutes = 120, StartOffsetDays = 14, DurationDays = 1, Predecessors = ["azure"] },
                    new TemplateTask { Key = "docs", Title = "Handover documentation and training", Description = "Run-book, passwords in the vault, handover call.", EstimateMinutes = 180, StartOffsetDays = 15, DurationDays = 1, Predecessors = ["decom"] },
                ],
            },
        ]);
        template.TeamId = teamId;
        template.Description = "On-premises server replacement: discovery, build, data migration, backups and handover.";
        return template;
    }

    public static ProjectTemplate M365Template(Guid? teamId)
    {
        var template = ProjectTemplate.Create("Microsoft 365 onboarding", "Microsoft 365", RoutingMode.LoadBalancing,
        [
            new TemplatePhase
            {
                Key = "prepare", Name = "Prepare tenant", GateItems = ["Licences purchased"], Tasks =
                [
                    new TemplateTask { Key = "tenant", Title = "Create tenant and verify domains", EstimateMinutes = 120, DurationDays = 1 },
                    new TemplateTask { Key = "policies", Title = "Configure Intune and conditional access", EstimateMinutes = 300, StartOffsetDays = 1, DurationDays = 2, Predecessors = ["tenant"] },
                ],
            },
            new TemplatePhase
            {
                Key = "migrate", Name = "Migrate mailboxes", DependsOn = ["prepare"], RequiresClientSignOff = true, MilestonePercent = 1m, Tasks =
                [
                    new TemplateTask { Key = "mail", Title = "Migrate mailboxes to Exchange Online", EstimateMinutes = 480, StartOffsetDays = 3, DurationDays = 3, Predecessors = ["policies"] },
                    new TemplateTask { Key = "teams", Title = "Set up Teams and SharePoint sites", EstimateMinutes = 240, StartOffsetDays = 4, DurationDays = 2, Predecessors = ["policies"] },
                    new TemplateTask { Key = "train", Title = "Staff training session", EstimateMinutes = 120, StartOffsetDays = 7, DurationDays = 1, Predecessors = ["mail", "teams"] },
                ],
            },
        ]);
        template.TeamId = teamId;
        template.BillingModel = ProjectBillingModel.Deposit;
        template.Description = "New Microsoft 365 tenant with Intune, mail migration and training.";
        return template;
    }

    private static async Task<ProjectTemplate> TemplateAsync(TenantDbContext db, ProjectTemplate template, CancellationToken cancellationToken)
    {
        var existing = await db.ProjectTemplates.SingleOrDefaultAsync(t => t.Name == template.Name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        db.ProjectTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    private static async Task<Client> ClientAsync(TenantDbContext db, string code, string name, decimal tax, decimal rate, (string Name, string Email, string? Phone)[] contacts, (string Name, string Address)[] sites)
    {
        var client = await db.Clients.Include(c => c.Contacts).Include(c => c.Sites).SingleOrDefaultAsync(c => c.Code == code);
        if (client is null)
        {
            client = Client.Create(code, name, tax, rate);
            db.Clients.Add(client);
        }

        foreach (var (contactName, email, phone) in contacts.Where(c => client.Contacts.All(x => x.Email != c.Email)))
        {
            var contact = client.AddContact(contactName, email, phone);
            if (db.Entry(client).State != EntityState.Added)
            {
                db.Contacts.Add(contact);
            }
        }

        foreach (var (siteName, address) in sites.Where(s => client.Sites.All(x => x.Name != s.Name)))
        {
            var site = client.AddSite(siteName, address);
            if (db.Entry(client).State != EntityState.Added)
            {
                db.Sites.Add(site);
            }
        }

        return client;
    }
}
