using System.Text;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Portal;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Sow;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.Live;

namespace Psa.Web.Sow;

/// <summary>
/// Turns a SOW proposal into the deploy wizard's draft (routed, nothing created), then creates the
/// project from the reviewed draft in one transaction with the SOW file attached and the SOW's
/// assumptions and exclusions kept in the project's description.
/// </summary>
public sealed class SowProjectService(TenantDbContextFactory databases, WorkspaceClock clock, WorkspaceLive live, AttachmentStore attachments, TimeProvider time)
{
    public async Task<DeploymentDraft> DraftAsync(SowProposal proposal, Guid clientId, Guid? quoteId = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new ValidationFailedException([new("Client", "Choose the client.")]);
        var quote = quoteId is null ? null : await db.Quotes.AsNoTracking().SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
        var title = Path.GetFileNameWithoutExtension(proposal.FileName);
        var draft = Draft(proposal, clientId, TemplateService.NextWorkingDay(clock.Today));
        draft.Code = await TemplateService.UniqueCodeAsync(db, $"{client.Code}-{TemplateService.Slug(proposal.ProjectType ?? "sow")}", cancellationToken);
        draft.Name = $"{client.Name} — {proposal.ProjectType ?? title}";
        draft.QuoteId = quote?.Id;
        var router = await RoutingService.CreateAsync(db, draft.RoutingMode, draft.TeamId, clock.Today, cancellationToken);
        RoutingService.RouteDraft(draft, router);
        return draft;
    }

    /// <summary>
    /// The draft a proposal makes: phases in order with their dependencies, sign-off, gate items and milestone;
    /// SOW tasks included, seeded tasks offered but left out until accepted; tasks scheduled one after another
    /// at 8 hours a day from <paramref name="start"/>.
    /// </summary>
    public static DeploymentDraft Draft(SowProposal proposal, Guid clientId, DateOnly start)
    {
        var keys = proposal.Phases.Select((p, i) => (p, Key: $"p{i + 1}")).ToDictionary(x => x.p.Name, x => x.Key);
        var day = start;
        var draft = new DeploymentDraft
        {
            ClientId = clientId,
            ProjectType = proposal.ProjectType,
            Start = start,
            RoutingMode = RoutingMode.SkillsBased,
            BillingModel = proposal.Phases.Any(p => p.Milestone is not null) ? ProjectBillingModel.Milestone : proposal.Deposit is not null ? ProjectBillingModel.Deposit : ProjectBillingModel.AsWorked,
            DepositPercent = proposal.Deposit?.Percent,
        };
        for (var i = 0; i < proposal.Phases.Count; i++)
        {
            var phase = proposal.Phases[i];
            var draftPhase = new DraftPhase
            {
                Key = keys[phase.Name],
                Name = phase.Name,
                RequiresClientSignOff = phase.SignOff,
                MilestonePercent = phase.Milestone?.Percent,
                MilestoneAmount = phase.Milestone?.Amount,
                DependsOn = phase.DependsOn.Where(keys.ContainsKey).Select(d => keys[d]).ToList(),
                GateItems = [.. phase.GateItems],
            };
            for (var t = 0; t < phase.Tasks.Count; t++)
            {
                var task = phase.Tasks[t];
                var days = Math.Max(1, (int)Math.Ceiling((task.EstimateHours ?? SowEstimates.HoursPerDay) / SowEstimates.HoursPerDay));
                var first = NextWorkingDayFrom(day);
                var last = first;
                for (var d = 1; d < days; d++)
                {
                    last = TemplateService.NextWorkingDay(last);
                }

                if (task.Origin == SowOrigin.Sow)
                {
                    day = TemplateService.NextWorkingDay(last);
                }

                draftPhase.Tasks.Add(new DraftTask
                {
                    Key = $"{draftPhase.Key}t{t + 1}",
                    Include = task.Origin == SowOrigin.Sow,
                    Title = task.Title,
                    Description = Description(proposal, task),
                    EstimateMinutes = (int)Math.Round((task.EstimateHours ?? 0) * 60m, MidpointRounding.AwayFromZero),
                    Start = first,
                    Due = last,
                    Checklist = [.. task.Checklist],
                });
            }

            draft.Phases.Add(draftPhase);
        }

        // A phase the SOW puts after another also shows on the Gantt: its first task follows the last task of each
        // phase it depends on (finish-to-start). A task the PM leaves out simply drops the link; the phase rule stays.
        foreach (var phase in draft.Phases)
        {
            var firstTask = phase.Tasks.FirstOrDefault(t => t.Include);
            foreach (var prerequisite in draft.Phases.Where(p => phase.DependsOn.Contains(p.Key)))
            {
                if (firstTask is not null && prerequisite.Tasks.LastOrDefault(t => t.Include) is { } lastTask)
                {
                    firstTask.Predecessors.Add(lastTask.Key);
                }
            }
        }

        draft.BudgetHours = draft.IncludedTasks.Sum(t => t.EstimateMinutes) / 60m;
        return draft;
    }

    /// <summary>Creates the project from the reviewed draft and attaches the SOW file, all in one transaction.</summary>
    public async Task<Guid> CreateAsync(DeploymentDraft draft, SowProposal proposal, byte[] file, string createdBy, CancellationToken cancellationToken = default)
    {
        draft.BudgetHours = draft.IncludedTasks.Sum(t => t.EstimateMinutes) / 60m;
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await TemplateService.DeployInAsync(db, draft, clock.Today, cancellationToken);
        plan.Project.Description = Notes(proposal);
        var anchor = plan.Tasks.OrderBy(t => t.Order).First();
        var attachment = TaskAttachment.Create(plan.Project.Id, anchor.Id, plan.Project.ClientId, proposal.FileName, file.LongLength, createdBy, byClient: false, time.GetUtcNow());
        db.TaskAttachments.Add(attachment);
        await attachments.SaveAsync(attachment, new MemoryStream(file, writable: false), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            attachments.Delete(attachment);
            throw;
        }

        live.Publish(LiveTopics.Projects, LiveTopics.Workload);
        return plan.Project.Id;
    }

    private static DateOnly NextWorkingDayFrom(DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? TemplateService.NextWorkingDay(day) : day;

    private static string Description(SowProposal proposal, SowTask task)
    {
        var text = new StringBuilder(task.Origin == SowOrigin.PastProjects ? "From past projects." : $"From the SOW: “{proposal.Quote(task.Source)}”");
        if (task.Skills.Count > 0)
        {
            text.Append($" Skills: {string.Join(", ", task.Skills)}.");
        }

        if (task.EstimateNote is { } note)
        {
            text.Append($" {note}.");
        }

        return text.ToString();
    }

    /// <summary>The SOW's assumptions and exclusions, kept with the project.</summary>
    public static string Notes(SowProposal proposal)
    {
        var text = new StringBuilder($"Created from the statement of work {proposal.FileName}.");
        foreach (var (label, notes) in new[] { ("Assumptions", proposal.Assumptions), ("Exclusions", proposal.Exclusions) })
        {
            if (notes.Count > 0)
            {
                text.Append($"\n\n{label}:");
                foreach (var note in notes)
                {
                    text.Append($"\n- {note.Text}");
                }
            }
        }

        return text.ToString();
    }
}
