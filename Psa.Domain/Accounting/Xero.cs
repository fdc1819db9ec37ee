namespace Psa.Domain.Accounting;

public enum XeroConnectionStatus
{
    NotConnected = 0,
    /// <summary>Authorised; the person still chooses which organisation to use.</summary>
    ChoosingOrganisation = 1,
    Connected = 2,
    /// <summary>The refresh token no longer works: someone must connect again.</summary>
    ReconnectNeeded = 3,
}

/// <summary>The workspace's link to one Xero organisation. One row per workspace; tokens are stored encrypted.</summary>
public sealed class XeroConnection
{
    public int Id { get; set; } = 1;

    public XeroConnectionStatus Status { get; set; }

    /// <summary>Xero's tenant id of the organisation (sent as <c>xero-tenant-id</c>).</summary>
    public Guid? XeroTenantId { get; set; }

    public string? OrganisationName { get; set; }

    /// <summary>Organisations offered by <c>/connections</c> while choosing: <c>id|name</c> per line.</summary>
    public string? OrganisationChoices { get; set; }

    /// <summary>Data Protection ciphertext; never the token itself.</summary>
    public string? ProtectedAccessToken { get; set; }

    public string? ProtectedRefreshToken { get; set; }

    public DateTimeOffset? AccessTokenExpiresUtc { get; set; }

    public DateTimeOffset? ConnectedUtc { get; set; }

    public string? ConnectedBy { get; set; }

    public string? LastError { get; set; }

    /// <summary>What Xero last said is left of today's calls (<c>X-DayLimit-Remaining</c>).</summary>
    public int? DayLimitRemaining { get; set; }

    /// <summary>Pulls ask Xero only for what changed since this instant (<c>If-Modified-Since</c>).</summary>
    public DateTimeOffset? PulledThroughUtc { get; set; }

    /// <summary>Set by a webhook: an incremental pull is waiting.</summary>
    public DateTimeOffset? PullRequestedUtc { get; set; }

    /// <summary>The tracking category service lines are sent as.</summary>
    public string TrackingCategoryName { get; set; } = "Service line";

    public bool IsUsable => Status == XeroConnectionStatus.Connected && XeroTenantId is not null;
}

/// <summary>A Psa client linked to a Xero contact by <c>ContactID</c>.</summary>
public sealed class XeroContactLink
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ClientId { get; set; }

    public Guid ContactId { get; set; }

    public string ContactName { get; set; } = string.Empty;

    /// <summary><c>name</c>, <c>email</c> or <c>created</c>.</summary>
    public string MatchedBy { get; set; } = string.Empty;

    /// <summary>Matches by name or email wait for a person to confirm them; created contacts need no confirmation.</summary>
    public bool Confirmed { get; set; }

    public DateTimeOffset LinkedUtc { get; set; }
}

/// <summary>
/// An accounts-receivable document as Xero has it: a Psa invoice or credit note pushed there, or one
/// created in Xero for a linked contact (read-only here). Psa's own ledger is never changed from it.
/// </summary>
public sealed class XeroDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The Psa invoice or credit note; null for documents created in Xero.</summary>
    public Guid? PsaDocumentId { get; set; }

    public bool IsCreditNote { get; set; }

    /// <summary>Null until Xero has accepted the push.</summary>
    public Guid? XeroId { get; set; }

    /// <summary>The request's <c>Idempotency-Key</c>, kept so a retry after a crash repeats the same request.</summary>
    public string? PushKey { get; set; }

    public DateTimeOffset? PushedUtc { get; set; }

    public string? PushError { get; set; }

    public string? Number { get; set; }

    public string? Reference { get; set; }

    public Guid? ContactId { get; set; }

    public Guid? ClientId { get; set; }

    /// <summary>Xero's status: DRAFT, SUBMITTED, AUTHORISED, PAID, VOIDED, DELETED.</summary>
    public string? Status { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? DueDate { get; set; }

    public string? Currency { get; set; }

    public decimal SubTotal { get; set; }

    public decimal Total { get; set; }

    public decimal AmountDue { get; set; }

    public decimal AmountPaid { get; set; }

    public DateTimeOffset? XeroUpdatedUtc { get; set; }

    public bool IsFromXero => PsaDocumentId is null;
}

/// <summary>A payment recorded in Xero against an invoice.</summary>
public sealed class XeroPaymentRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PaymentId { get; set; }

    public Guid XeroInvoiceId { get; set; }

    public DateOnly Date { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; } = string.Empty;
}

public enum XeroSyncStatus
{
    Running = 0,
    Completed = 1,
    CompletedWithErrors = 2,
    Failed = 3,
}

/// <summary>One sync with Xero: when, what moved, how many calls it cost, and each document's error.</summary>
public sealed class XeroSyncRun
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary><c>schedule</c>, <c>webhook</c>, <c>user:&lt;name&gt;</c>.</summary>
    public string Trigger { get; set; } = string.Empty;

    public DateTimeOffset StartedUtc { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    public XeroSyncStatus Status { get; set; }

    public int ContactsLinked { get; set; }

    public int ContactsCreated { get; set; }

    public int InvoicesPushed { get; set; }

    public int CreditNotesPushed { get; set; }

    public int DocumentsPulled { get; set; }

    public int PaymentsPulled { get; set; }

    public int CallsUsed { get; set; }

    public string? Failure { get; set; }

    public List<XeroSyncError> Errors { get; set; } = [];
}

public sealed class XeroSyncError
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SyncRunId { get; set; }

    /// <summary>The Psa document number or client code the error concerns.</summary>
    public string Document { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;
}
