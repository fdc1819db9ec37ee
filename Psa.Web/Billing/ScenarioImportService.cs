using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Billing.Scenarios;
using Psa.Domain.Contracts;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Settings;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;
using Psa.Domain.TimeTracking;

namespace Psa.Web.Billing;

/// <summary>What an import added, for the page and the command line.</summary>
public sealed record ImportSummary(int Clients, int Products, int Agreements, int GlRules, int TimeEntries, int Projects);

/// <summary>
/// Loads a <c>psa-scenario/1</c> document into the workspace: clients, products, work types,
/// engineers, agreements, GL rules, time entries and projects (and, for the preview's throwaway
/// workspace, the tenant settings and holidays). All or nothing, in one transaction; problems name
/// the JSON path, like <see cref="ScenarioReader"/>'s.
/// </summary>
public sealed class ScenarioImportService(TenantDbContextFactory factory, TimeProvider time)
{
    public const string UnassignedEngineer = "unassigned";

    /// <summary>Imports a document that may refer to clients, agreements, projects, products and work types already stored.</summary>
    public async Task<ImportSummary> ImportJsonAsync(string json, bool includeSettings, CancellationToken ct = default)
    {
        ExistingData existing;
        await using (var db = factory.Create())
        {
            var clients = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
            existing = new ExistingData(
                clients.Values.ToHashSet(StringComparer.Ordinal),
                (await db.WorkTypes.Select(w => w.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
                (await db.Products.Select(p => p.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
                (await db.Agreements.Select(a => new { a.Code, a.ClientId }).ToListAsync(ct)).ToDictionary(a => a.Code, a => (string?)clients[a.ClientId], StringComparer.Ordinal),
                (await db.Projects.Select(p => new { p.Code, p.ClientId }).ToListAsync(ct)).ToDictionary(p => p.Code, p => (string?)clients[p.ClientId], StringComparer.Ordinal));
        }

        ScenarioReadResult read;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            read = ScenarioReader.Read(document.RootElement, existing);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ValidationFailedException([new FieldError("$", $"invalid JSON: {ex.Message}")]);
        }

        if (!read.IsValid)
        {
            throw new ValidationFailedException(read.Problems.Select(p => new FieldError(p.Path, p.Message)).ToList());
        }

        return await ImportAsync(read.Input!, includeSettings, ct);
    }

    public async Task<ImportSummary> ImportAsync(BillingInput input, bool includeSettings, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var now = time.GetUtcNow();
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        if (includeSettings)
        {
            await ApplySettingsAsync(db, input.Tenant, ct);
        }

        var workTypes = await db.WorkTypes.ToDictionaryAsync(w => w.Code, StringComparer.Ordinal, ct);
        foreach (var w in input.WorkTypes)
        {
            if (workTypes.TryGetValue(w.Id, out var existing))
            {
                existing.Taxable = w.Taxable;
            }
            else
            {
                var created = new Psa.Infrastructure.Settings.WorkType { Code = w.Id, Name = w.Id, Taxable = w.Taxable };
                db.WorkTypes.Add(created);
                workTypes[w.Id] = created;
            }
        }

        var products = await db.Products.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        Each(input.Products, "products", errors, (p, _) =>
        {
            if (products.TryGetValue(p.Id, out var existing))
            {
                existing.Update(p.Id, p.Name, p.Taxable, existing.DefaultUnitPrice);
            }
            else
            {
                products[p.Id] = ServiceProduct.Create(p.Id, p.Name, p.Taxable);
                db.Products.Add(products[p.Id]);
            }
        });

        var clients = await db.Clients.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var clientIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        Each(input.Clients, "clients", errors, (c, _) =>
        {
            var code = c.Id.Trim().ToLowerInvariant();
            if (clients.TryGetValue(code, out var existing))
            {
                existing.Update(code, c.Name, c.TaxRate, c.HourlyRate, existing.Notes);
            }
            else
            {
                existing = Client.Create(c.Id, c.Name, c.TaxRate, c.HourlyRate);
                db.Clients.Add(existing);
                clients[code] = existing;
            }

            clientIds[c.Id] = existing.Id;
        });

        foreach (var (code, client) in clients)
        {
            clientIds.TryAdd(code, client.Id);
        }

        var engineers = await db.Engineers.ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, ct);
        Each(input.Engineers, "engineers", errors, (e, _) => EngineerFor(db, engineers, e.Id, e.Name, e.CostRate));

        var agreements = await db.Agreements.ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
        var existingAgreements = await db.Agreements.Select(a => a.Code).ToListAsync(ct);
        var sequence = await db.Agreements.Select(a => (int?)a.Sequence).MaxAsync(ct) ?? 0;
        Each(input.Agreements, "agreements", errors, (a, path) =>
        {
            if (existingAgreements.Contains(a.Id))
            {
                throw new DomainException($"agreement '{a.Id}' already exists in this workspace", "id");
            }

            var agreement = ServiceAgreement.Create(a.Id, clientIds[a.ClientId], a.Type, a.Start);
            agreement.Sequence = ++sequence;
            agreement.SetDates(a.Start, a.End);
            agreement.SetCoverage(a.CoveredWorkTypes?.Order(StringComparer.Ordinal));
            agreement.SetPricing(a.HourlyRate, a.TierMultipliers, a.TimeIncrementMinutes, a.Taxable);
            switch (a)
            {
                case RecurringAgreement r:
                    foreach (var line in r.Lines)
                    {
                        var stored = agreement.AddLine(line.ProductId, line.UnitPrice);
                        foreach (var q in line.Quantities)
                        {
                            stored.SetQuantity(q.From, q.Quantity);
                        }
                    }

                    break;
                case BlockAgreement b:
                    agreement.SetBlock(b.Block.BlockSize, b.Block.BlockPrice, b.Block.OpeningBalance, b.Block.Refresh, b.Block.CarryoverMax, b.Block.Overage);
                    break;
            }

            agreements[a.Id] = agreement;
            db.Agreements.Add(agreement);
        });
        Each(input.Agreements, "agreements", errors, (a, _) =>
        {
            if (agreements.TryGetValue(a.Id, out var agreement) && !existingAgreements.Contains(a.Id))
            {
                agreement.SetGrouping(a.InvoiceGroup, a.ParentId is { } parent ? agreements[parent].Id : null);
            }
        });

        var ruleSequence = await db.GlMappingRules.Select(r => (int?)r.Sequence).MaxAsync(ct) ?? 0;
        Each(input.GlRules, "glRules", errors, (r, _) =>
        {
            var rule = GlMappingRule.Create(r.ClientId is { } c ? clientIds[c] : null, r.AgreementType, r.Item, r.Account);
            rule.Sequence = ++ruleSequence;
            db.GlMappingRules.Add(rule);
        });

        var projects = await db.Projects.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        var projectSequence = await db.ProjectBillingProfiles.Select(p => (int?)p.Sequence).MaxAsync(ct) ?? 0;
        var existingProjects = await db.Projects.Select(p => p.Code).ToListAsync(ct);
        var phaseCodes = (await db.ProjectPhases.Where(p => p.Code != null).Select(p => p.Code!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        Each(input.Projects, "projects", errors, (p, _) =>
        {
            if (existingProjects.Contains(p.Id.Trim().ToLowerInvariant()))
            {
                throw new DomainException($"project '{p.Id}' already exists in this workspace", "id");
            }

            var project = Project.Create(p.Id, clientIds[p.ClientId], p.Id);
            project.BillingModel = p.Billing switch
            {
                ProjectBilling.Upfront => ProjectBillingModel.Upfront,
                ProjectBilling.Deposit => ProjectBillingModel.Deposit,
                ProjectBilling.Milestone => ProjectBillingModel.Milestone,
                _ => ProjectBillingModel.AsWorked,
            };
            project.Value = p.Value;
            project.AcceptedOn = p.Accepted;
            project.CompletedOn = p.Completed;
            project.DepositPercent = p.DepositPercent;
            project.BudgetHours = p.BudgetHours;
            project.InvoiceGroup = p.InvoiceGroup;
            project.Taxable = p.Taxable;
            db.Projects.Add(project);
            projects[p.Id] = project;
            db.ProjectBillingProfiles.Add(new ProjectBillingProfile { ProjectId = project.Id, BilledHoursBefore = p.BilledHours ?? 0m, Sequence = ++projectSequence });
            var order = 0;
            foreach (var m in p.Milestones)
            {
                var phase = ProjectPhase.Create(project.Id, order++, m.Name ?? m.Id);
                phase.Code = phaseCodes.Add(m.Id) ? m.Id : null;
                db.MilestoneReferences.Add(new MilestoneReference { PhaseId = phase.Id, ProjectId = project.Id, Code = m.Id });
                phase.MilestoneAmount = m.Amount;
                phase.MilestonePercent = m.Percent;
                phase.CompletedOn = m.Completed;
                db.ProjectPhases.Add(phase);
                if (m.Invoiced)
                {
                    db.BilledSources.Add(new BilledSource { Key = BilledSource.MilestoneKey(phase.Id), Origin = "import", CreatedUtc = now });
                }
            }

            foreach (var kind in p.InvoicedKinds.Order(StringComparer.Ordinal))
            {
                db.BilledSources.Add(new BilledSource { Key = BilledSource.ProjectKindKey(project.Id, kind), Origin = "import", CreatedUtc = now });
            }
        });

        var existingEntries = await db.TimeEntries.Where(t => t.Code != null).Select(t => t.Code!).ToListAsync(ct);
        var entryCodes = existingEntries.ToHashSet(StringComparer.Ordinal);
        Each(input.TimeEntries, "timeEntries", errors, (t, _) =>
        {
            if (entryCodes.Contains(t.Id))
            {
                throw new DomainException($"time entry '{t.Id}' already exists in this workspace", "id");
            }

            var engineer = EngineerFor(db, engineers, t.EngineerId ?? UnassignedEngineer, null, 0m);
            var entry = TimeEntry.Create(engineer.Id, clientIds[t.ClientId], t.WorkTypeId, t.Start, t.Minutes, t.Billable,
                t.ProjectId is { } p ? projects[p].Id : null, null, t.AgreementId is { } a ? agreements[a].Id : null, t.Id);
            entry.SetImportedApproval(t.Approved);
            db.TimeEntries.Add(entry);
            if (t.Invoiced)
            {
                // Already billed elsewhere: recorded in the ledger so no run bills it again.
                db.BilledSources.Add(new BilledSource
                {
                    Key = BilledSource.EntryKey(entry.Id), TimeEntryId = entry.Id, Origin = "import", Minutes = t.Minutes, CreatedUtc = now,
                });
            }
        });

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportSummary(input.Clients.Count, input.Products.Count, input.Agreements.Count, input.GlRules.Count, input.TimeEntries.Count, input.Projects.Count);
    }

    private static Engineer EngineerFor(TenantDbContext db, Dictionary<string, Engineer> engineers, string id, string? name, decimal costRate)
    {
        var code = id.Trim().ToLowerInvariant();
        if (!engineers.TryGetValue(code, out var engineer))
        {
            engineer = Engineer.Create(code, name ?? id, costRate);
            db.Engineers.Add(engineer);
            engineers[code] = engineer;
        }
        else if (name is not null)
        {
            engineer.Update(code, name, costRate, engineer.WeeklyCapacityHours);
        }

        return engineer;
    }

    /// <summary>Runs <paramref name="apply"/> per item, reporting a broken rule at the item's JSON path.</summary>
    private static void Each<T>(IReadOnlyList<T> items, string list, List<FieldError> errors, Action<T, string> apply)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{list}[{i}]";
            try
            {
                apply(items[i], path);
            }
            catch (DomainException ex)
            {
                errors.Add(new FieldError(ex.Field is { Length: > 0 } f ? $"{path}.{f}" : path, ex.Message));
            }
            catch (KeyNotFoundException ex)
            {
                errors.Add(new FieldError(path, ex.Message));
            }
        }
    }

    private static async Task ApplySettingsAsync(TenantDbContext db, Psa.Domain.Billing.TenantSettings tenant, CancellationToken ct)
    {
        var settings = await db.Settings.SingleOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new Psa.Infrastructure.Settings.TenantSettings { CompanyName = "Preview", TimeZone = "UTC", Currency = "USD" };
            db.Settings.Add(settings);
        }

        if (tenant.TimeZone.Length > 0)
        {
            settings.TimeZone = tenant.TimeZone;
        }

        if (tenant.Currency.Length > 0)
        {
            settings.Currency = tenant.Currency;
        }

        settings.BusinessDays = string.Join(',', tenant.BusinessHours.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d == DayOfWeek.Sunday ? 7 : (int)d));
        settings.BusinessStart = TimeOnly.FromTimeSpan(tenant.BusinessHours.Start == TimeSpan.FromDays(1) ? TimeSpan.Zero : tenant.BusinessHours.Start);
        // TimeOnly cannot hold 24:00; the last tick of the day stands for it (BillingInputLoader.EndOfWindow).
        settings.BusinessEnd = tenant.BusinessHours.End >= TimeSpan.FromDays(1) ? TimeOnly.MaxValue : TimeOnly.FromTimeSpan(tenant.BusinessHours.End);
        settings.NormalMultiplier = tenant.TierMultipliers.Normal;
        settings.AfterHoursMultiplier = tenant.TierMultipliers.AfterHours;
        settings.WeekendMultiplier = tenant.TierMultipliers.Weekend;
        settings.DefaultHourlyRate = tenant.DefaultHourlyRate;
        settings.TimeIncrementMinutes = tenant.TimeIncrementMinutes ?? 1;

        var gl = await db.GlAccounts.SingleOrDefaultAsync(g => g.Code == tenant.GlDefault, ct);
        if (gl is null)
        {
            gl = new GlAccount { Code = tenant.GlDefault, Name = tenant.GlDefault };
            db.GlAccounts.Add(gl);
        }

        settings.DefaultGlAccountId = gl.Id;

        var holidays = await db.Holidays.Select(h => h.Date).ToListAsync(ct);
        foreach (var date in tenant.Holidays.Distinct().Where(d => !holidays.Contains(d)))
        {
            db.Holidays.Add(Holiday.Create(date, "Holiday"));
        }
    }
}
