using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Clients;
using Psa.Domain.Contracts;
using Psa.Domain.Engineers;
using Psa.Domain.Portal;
using Psa.Domain.Projects;
using Psa.Domain.Settings;
using Psa.Domain.Notifications;
using Psa.Domain.Quotes;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Settings;

namespace Psa.Infrastructure.Tenancy;

/// <summary>
/// One MSP's database. It is only ever built by <see cref="TenantDbContextFactory"/> for the tenant
/// fixed on the current request, circuit or job scope.
/// </summary>
public class TenantDbContext(DbContextOptions options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<TenantSettings> Settings => Set<TenantSettings>();

    public DbSet<WorkType> WorkTypes => Set<WorkType>();

    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<GlAccount> GlAccounts => Set<GlAccount>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Engineer> Engineers => Set<Engineer>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectPhase> ProjectPhases => Set<ProjectPhase>();

    public DbSet<ProjectTask> ProjectTasks => Set<ProjectTask>();

    public DbSet<TimeEntry> TimeEntries => Set<TimeEntry>();

    public DbSet<ClientSso> ClientSso => Set<ClientSso>();

    public DbSet<PortalAccount> PortalAccounts => Set<PortalAccount>();

    public DbSet<TaskComment> TaskComments => Set<TaskComment>();

    public DbSet<TaskAttachment> TaskAttachments => Set<TaskAttachment>();

    public DbSet<ServiceAgreement> Agreements => Set<ServiceAgreement>();

    public DbSet<AgreementLine> AgreementLines => Set<AgreementLine>();

    public DbSet<ServiceProduct> Products => Set<ServiceProduct>();

    public DbSet<GlMappingRule> GlMappingRules => Set<GlMappingRule>();

    public DbSet<ProjectBillingProfile> ProjectBillingProfiles => Set<ProjectBillingProfile>();

    public DbSet<MilestoneReference> MilestoneReferences => Set<MilestoneReference>();

    public DbSet<CustomerInvoice> Invoices => Set<CustomerInvoice>();

    public DbSet<CustomerInvoiceLine> InvoiceLines => Set<CustomerInvoiceLine>();

    public DbSet<BilledSource> BilledSources => Set<BilledSource>();

    public DbSet<BlockBalanceSnapshot> BlockBalances => Set<BlockBalanceSnapshot>();

    public DbSet<BillingRunRecord> BillingRuns => Set<BillingRunRecord>();

    public DbSet<BillingPreferences> BillingPreferences => Set<BillingPreferences>();

    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();

    public DbSet<ProjectTemplate> ProjectTemplates => Set<ProjectTemplate>();

    public DbSet<EngineerSkill> EngineerSkills => Set<EngineerSkill>();

    public DbSet<TimeOff> TimeOff => Set<TimeOff>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<QuoteLine> QuoteLines => Set<QuoteLine>();

    public DbSet<ProductBundle> ProductBundles => Set<ProductBundle>();

    public DbSet<SalesOrder> SalesOrders => Set<SalesOrder>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<RunningTimer> Timers => Set<RunningTimer>();

    public DbSet<Timesheet> Timesheets => Set<Timesheet>();

    public DbSet<TimeAdjustment> TimeAdjustments => Set<TimeAdjustment>();

    public DbSet<Psa.Infrastructure.TimeTracking.TimesheetReminderRun> TimesheetReminders => Set<Psa.Infrastructure.TimeTracking.TimesheetReminderRun>();

    public DbSet<Psa.Domain.Settings.Holiday> Holidays => Set<Psa.Domain.Settings.Holiday>();

    public DbSet<Psa.Domain.ServiceDesk.Ticket> Tickets => Set<Psa.Domain.ServiceDesk.Ticket>();

    public DbSet<Psa.Domain.ServiceDesk.TicketMessage> TicketMessages => Set<Psa.Domain.ServiceDesk.TicketMessage>();

    public DbSet<Psa.Domain.ServiceDesk.TicketActivity> TicketActivity => Set<Psa.Domain.ServiceDesk.TicketActivity>();

    public DbSet<Psa.Domain.ServiceDesk.TicketAttachment> TicketAttachments => Set<Psa.Domain.ServiceDesk.TicketAttachment>();

    public DbSet<Psa.Domain.ServiceDesk.SlaPolicy> SlaPolicies => Set<Psa.Domain.ServiceDesk.SlaPolicy>();

    public DbSet<Psa.Domain.ServiceDesk.ServiceBoard> ServiceBoards => Set<Psa.Domain.ServiceDesk.ServiceBoard>();

    public DbSet<Psa.Domain.ServiceDesk.SavedBoardView> SavedBoardViews => Set<Psa.Domain.ServiceDesk.SavedBoardView>();

    public DbSet<Psa.Infrastructure.ServiceDesk.ServiceDeskSettings> ServiceDeskSettings => Set<Psa.Infrastructure.ServiceDesk.ServiceDeskSettings>();

    public DbSet<Psa.Domain.Accounting.XeroConnection> XeroConnections => Set<Psa.Domain.Accounting.XeroConnection>();

    public DbSet<Psa.Domain.Accounting.XeroContactLink> XeroContactLinks => Set<Psa.Domain.Accounting.XeroContactLink>();

    public DbSet<Psa.Domain.Accounting.XeroDocument> XeroDocuments => Set<Psa.Domain.Accounting.XeroDocument>();

    public DbSet<Psa.Domain.Accounting.XeroPaymentRecord> XeroPayments => Set<Psa.Domain.Accounting.XeroPaymentRecord>();

    public DbSet<Psa.Domain.Accounting.XeroSyncRun> XeroSyncRuns => Set<Psa.Domain.Accounting.XeroSyncRun>();

    public DbSet<Psa.Domain.Accounting.XeroSyncError> XeroSyncErrors => Set<Psa.Domain.Accounting.XeroSyncError>();

    public DbSet<Psa.Domain.Reconciliation.ReconciliationFinding> ReconciliationFindings => Set<Psa.Domain.Reconciliation.ReconciliationFinding>();

    public DbSet<Psa.Domain.Reconciliation.ReconciliationSettings> ReconciliationSettings => Set<Psa.Domain.Reconciliation.ReconciliationSettings>();

    public DbSet<Psa.Domain.Reconciliation.ServiceLineDefinition> ServiceLineDefinitions => Set<Psa.Domain.Reconciliation.ServiceLineDefinition>();

    public DbSet<Psa.Domain.Reconciliation.ServiceLineMapping> ServiceLineMappings => Set<Psa.Domain.Reconciliation.ServiceLineMapping>();

    public DbSet<Psa.Infrastructure.ServiceDesk.SupportMailbox> SupportMailboxes => Set<Psa.Infrastructure.ServiceDesk.SupportMailbox>();

    public DbSet<Psa.Infrastructure.ServiceDesk.InboundEmail> InboundEmails => Set<Psa.Infrastructure.ServiceDesk.InboundEmail>();

    private readonly HashSet<string> _pendingTopics = new(StringComparer.Ordinal);
    private IDbContextTransaction? _ownTransaction;

    /// <summary>The slug this context was opened for.</summary>
    public string TenantSlug { get; internal set; } = string.Empty;

    /// <summary>The scope that opened this context: its domain-event handlers and live notifier. Null for maintenance contexts.</summary>
    internal IServiceProvider? Services { get; set; }

    /// <summary>
    /// Publishes a live topic (e.g. <c>project:{id}</c>) once this context's changes are committed: when the
    /// transaction commits, or right after a save outside one. Nothing is published if they roll back.
    /// </summary>
    public void PublishOnCommit(string topic) => _pendingTopics.Add(topic);

    internal void PublishPendingTopics()
    {
        if (_pendingTopics.Count == 0)
        {
            return;
        }

        var topics = _pendingTopics.ToList();
        _pendingTopics.Clear();
        if (Services?.GetService<LiveNotifier>() is { } live)
        {
            foreach (var topic in topics)
            {
                live.Publish(TenantSlug, topic);
            }
        }
    }

    internal void PublishIfCommitted()
    {
        if (Database.CurrentTransaction is null)
        {
            PublishPendingTopics();
        }
    }

    internal void DropPendingTopics() => _pendingTopics.Clear();

    /// <summary>Event handlers run in one transaction with the save; when the caller opened none, the dispatcher opens it.</summary>
    internal async Task BeginOwnTransactionAsync(CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null)
        {
            _ownTransaction = await Database.BeginTransactionAsync(cancellationToken);
        }
    }

    internal async Task CommitOwnTransactionAsync(CancellationToken cancellationToken)
    {
        if (_ownTransaction is { } transaction)
        {
            _ownTransaction = null;
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
    }

    internal async Task RollBackOwnTransactionAsync(CancellationToken cancellationToken)
    {
        if (_ownTransaction is { } transaction)
        {
            _ownTransaction = null;
            await transaction.RollbackAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        if (Database.CurrentTransaction is null)
        {
            DropPendingTopics();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditTrailEdits();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditTrailEdits();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit trail is append-only: an entry once written is never changed or removed.</summary>
    private void RefuseAuditTrailEdits()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit trail entries cannot be changed or deleted.");
        }
    }

    /// <summary>Configurations in the Catalog namespace belong to the catalog database.</summary>
    internal static bool IsCatalogConfiguration(Type type) => type.Namespace?.StartsWith("Psa.Infrastructure.Catalog", StringComparison.Ordinal) == true;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature keeps its entity configurations beside its code (IEntityTypeConfiguration classes).
        builder.ApplyConfigurationsFromAssembly(typeof(TenantDbContext).Assembly, t => !IsCatalogConfiguration(t));
        DateTimeOffsetStorage.Apply(builder, Database);
        PostgresStorage.Apply(builder, Database);
    }
}

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options);

public sealed class SqlServerTenantDbContext(DbContextOptions<SqlServerTenantDbContext> options) : TenantDbContext(options);

public sealed class PostgresTenantDbContext(DbContextOptions<PostgresTenantDbContext> options) : TenantDbContext(options);
