using Psa.Domain.Billing.Rules;
using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing;

/// <summary>
/// Runs billing for one period (BILLING.md). Pure: the same input gives the same result.
/// Lines are produced agreement by agreement (input order), then project by project, then
/// client-level time; entries in order of start, then id. Invoices are ordered by client, then group.
/// </summary>
public static class BillingEngine
{
    public static BillingResult Run(BillingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BillingRun(input).Execute();
    }

    private sealed class BillingRun
    {
        private readonly BillingInput _input;
        private readonly BillingPeriod _period;
        private readonly TierSplitter _splitter;
        private readonly GlAccountResolver _gl;
        private readonly Dictionary<string, BillingClient> _clients;
        private readonly Dictionary<string, WorkType> _workTypes;
        private readonly Dictionary<string, Product> _products;
        private readonly Dictionary<string, Agreement> _agreements;
        // Lines go straight to their invoice (client, group) as they are produced: no list of every line beside the invoices.
        private readonly Dictionary<(string ClientId, string Group), List<InvoiceLine>> _invoices = [];
        private readonly Dictionary<string, string> _groups = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedSet<string>> _warnings = new(StringComparer.Ordinal);
        private readonly List<BlockDeductionEntry> _deductions = [];

        public BillingRun(BillingInput input)
        {
            _input = input;
            _period = input.Period;
            _splitter = new TierSplitter(input.Tenant.BusinessHours, input.Tenant.Holidays);
            _gl = new GlAccountResolver(input.GlRules, input.Tenant.GlDefault);
            _clients = input.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
            _workTypes = input.WorkTypes.ToDictionary(w => w.Id, StringComparer.Ordinal);
            _products = input.Products.ToDictionary(p => p.Id, StringComparer.Ordinal);
            _agreements = input.Agreements.ToDictionary(a => a.Id, StringComparer.Ordinal);
        }

        public BillingResult Execute()
        {
            var eligible = new List<BillingTimeEntry>(_input.TimeEntries.Count);
            foreach (var entry in _input.TimeEntries)
            {
                if (EligibilityRule.IsUnapproved(entry, _period))
                {
                    Warn(WarningCodes.UnapprovedTime, entry.Id);
                }

                if (!EligibilityRule.IsEligible(entry, _period))
                {
                    continue;
                }

                if (EligibilityRule.IsLate(entry, _period))
                {
                    Warn(WarningCodes.LateTime, entry.Id);
                }

                eligible.Add(entry);
            }

            eligible.Sort(static (a, b) =>
            {
                var byStart = a.Start.CompareTo(b.Start);
                return byStart != 0 ? byStart : string.CompareOrdinal(a.Id, b.Id);
            });

            // Route each entry: to its agreement when active on the entry's date, to its project,
            // else to client-level time and materials.
            var byAgreement = new Dictionary<string, List<BillingTimeEntry>>(StringComparer.Ordinal);
            var byProject = new Dictionary<string, List<BillingTimeEntry>>(StringComparer.Ordinal);
            var clientLevel = new List<BillingTimeEntry>();
            foreach (var entry in eligible)
            {
                if (entry.AgreementId is { } agreementId)
                {
                    if (_agreements[agreementId].IsActiveOn(entry.Date))
                    {
                        Add(byAgreement, agreementId, entry);
                        continue;
                    }

                    Warn(WarningCodes.OutsideAgreement, entry.Id);
                    clientLevel.Add(entry);
                }
                else if (entry.ProjectId is { } projectId)
                {
                    Add(byProject, projectId, entry);
                }
                else
                {
                    clientLevel.Add(entry);
                }
            }

            var balances = new List<BlockBalance>();
            foreach (var agreement in _input.Agreements)
            {
                var entries = byAgreement.GetValueOrDefault(agreement.Id) ?? [];
                switch (agreement)
                {
                    case RecurringAgreement recurring:
                        BillRecurring(recurring, entries);
                        break;
                    case TimeAndMaterialsAgreement:
                        foreach (var entry in entries)
                        {
                            BillTime(entry, agreement, GroupOf(agreement), agreement.Type.ToCode(), LineKind.Time);
                        }

                        break;
                    case BlockAgreement block:
                        balances.Add(BillBlock(block, entries));
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown agreement type {agreement.GetType().Name}.");
                }
            }

            foreach (var project in _input.Projects)
            {
                BillProject(project, byProject.GetValueOrDefault(project.Id) ?? []);
            }

            foreach (var entry in clientLevel)
            {
                BillTime(entry, null, InvoiceGrouping.ClientTimeGroup, AgreementTypeCodes.TimeAndMaterials, LineKind.Time);
            }

            return new BillingResult(
                _period,
                InvoiceGrouping.Group(_invoices),
                balances.OrderBy(b => b.AgreementId, StringComparer.Ordinal).ToList(),
                _warnings
                    .Where(w => w.Value.Count > 0)
                    .OrderBy(w => w.Key, StringComparer.Ordinal)
                    .Select(w => new BillingWarning(w.Key, w.Value.ToList()))
                    .ToList())
            {
                Deductions = _deductions,
            };
        }

        private void BillRecurring(RecurringAgreement agreement, List<BillingTimeEntry> entries)
        {
            var group = GroupOf(agreement);
            foreach (var line in agreement.Lines)
            {
                var taxable = _products[line.ProductId].Taxable;
                foreach (var run in RecurringProration.Runs(agreement, line, _period))
                {
                    Emit(agreement.ClientId, group, AgreementTypeCodes.Recurring, LineKind.Recurring, line.ProductId,
                        run.Quantity, line.UnitPrice, run.Amount, taxable, [agreement.Id], run.Days);
                }
            }

            foreach (var entry in entries.Where(e => !agreement.Covers(e.WorkTypeId)))
            {
                BillTime(entry, agreement, group, AgreementTypeCodes.Recurring, LineKind.Time);
            }
        }

        private BlockBalance BillBlock(BlockAgreement agreement, List<BillingTimeEntry> entries)
        {
            var group = GroupOf(agreement);
            var type = agreement.Type.ToCode();
            var ledger = BlockDeduction.Open(agreement, _period);
            if (ledger.PurchasedAtStart)
            {
                EmitBlockPurchase(agreement, group);
            }

            foreach (var entry in entries)
            {
                if (!agreement.Covers(entry.WorkTypeId))
                {
                    BillTime(entry, agreement, group, type, LineKind.Time);
                    continue;
                }

                var priced = Price(entry, agreement);
                var outcome = ledger.Deduct(priced);
                _deductions.Add(new BlockDeductionEntry(agreement.Id, entry.Id, ledger.Unit, outcome.Deducted, outcome.OverageAmount, ledger.Balance));
                for (var i = 0; i < outcome.Renewals; i++)
                {
                    EmitBlockPurchase(agreement, group);
                }

                if (outcome.HasOverage)
                {
                    Emit(entry.ClientId, group, type, LineKind.Overage, entry.WorkTypeId, outcome.OverageMinutes / 60m,
                        priced.Terms.HourlyRate, outcome.OverageAmount, _workTypes[entry.WorkTypeId].Taxable, [entry.Id]);
                }
            }

            return new BlockBalance(agreement.Id, ledger.Unit, Math.Max(ledger.Balance, 0m), ledger.Expired);
        }

        private void BillProject(BillingProject project, List<BillingTimeEntry> entries)
        {
            var group = InvoiceGrouping.GroupOf(project);
            foreach (var charge in ProjectBillingRule.Charges(project, _period))
            {
                Emit(project.ClientId, group, AgreementTypeCodes.Project, charge.Kind, "project", 1m, charge.Amount, charge.Amount,
                    project.Taxable, charge.Sources);
            }

            // Entries on fixed-price projects are not invoiced: the price is fixed.
            if (project.Billing != ProjectBilling.AsWorked)
            {
                return;
            }

            var minutes = 0;
            foreach (var entry in entries)
            {
                minutes += BillTime(entry, null, group, AgreementTypeCodes.Project, LineKind.Time).BillableMinutes;
            }

            if (ProjectBillingRule.IsOverBudget(project, minutes))
            {
                Warn(WarningCodes.OverBudget, project.Id);
            }
        }

        private PricedEntry BillTime(BillingTimeEntry entry, Agreement? agreement, string group, string glAgreementType, LineKind kind)
        {
            var priced = Price(entry, agreement);
            Emit(entry.ClientId, group, glAgreementType, kind, entry.WorkTypeId, priced.Hours, priced.Terms.HourlyRate,
                priced.FullAmount, _workTypes[entry.WorkTypeId].Taxable, [entry.Id]);
            return priced;
        }

        private PricedEntry Price(BillingTimeEntry entry, Agreement? agreement) =>
            PricedEntry.Price(entry, RateResolution.For(agreement, _clients[entry.ClientId], _input.Tenant), _splitter);

        private void EmitBlockPurchase(BlockAgreement agreement, string group) =>
            Emit(agreement.ClientId, group, agreement.Type.ToCode(), LineKind.BlockPurchase, "block", 1m,
                agreement.Block.BlockPrice, agreement.Block.BlockPrice, agreement.Taxable, [agreement.Id]);

        private void Emit(string clientId, string group, string glAgreementType, LineKind kind, string item, decimal quantity,
            decimal unitPrice, decimal amount, bool taxable, IReadOnlyList<string> sources, int? days = null)
        {
            var line = new InvoiceLine(
                kind,
                item,
                quantity,
                unitPrice,
                amount,
                TaxRule.TaxAmount(amount, taxable, _clients[clientId]),
                _gl.Resolve(clientId, glAgreementType, item),
                sources,
                days);
            ref var lines = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_invoices, (clientId, group), out _);
            lines ??= [];
            lines.Add(line);
        }

        private string GroupOf(Agreement agreement)
        {
            ref var group = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_groups, agreement.Id, out _);
            return group ??= InvoiceGrouping.GroupOf(agreement, _agreements);
        }

        private void Warn(string code, string id)
        {
            if (!_warnings.TryGetValue(code, out var ids))
            {
                ids = new SortedSet<string>(StringComparer.Ordinal);
                _warnings[code] = ids;
            }

            ids.Add(id);
        }

        private static void Add(Dictionary<string, List<BillingTimeEntry>> index, string key, BillingTimeEntry entry)
        {
            if (!index.TryGetValue(key, out var list))
            {
                list = [];
                index[key] = list;
            }

            list.Add(entry);
        }
    }
}
