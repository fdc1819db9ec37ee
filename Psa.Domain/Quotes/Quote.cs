using Psa.Domain.Common;
using Psa.Domain.Projects;

namespace Psa.Domain.Quotes;

public enum QuoteStatus
{
    Draft = 0,
    Sent = 1,
    Accepted = 2,
    Declined = 3,
}

public enum QuoteLineKind
{
    Service = 0,
    Hardware = 1,
    Labour = 2,
}

/// <summary>A typed-name signature: who typed it, when (UTC) and from which address.</summary>
public sealed record QuoteSignature(string TypedName, DateTimeOffset SignedUtc, string? FromIp);

/// <summary>A proposal to a client. Accepting it creates a sales order and deploys a project per line linked to a template.</summary>
public sealed class Quote
{
    private readonly List<QuoteLine> _lines = [];

    private Quote()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Human number, unique (e.g. <c>Q-1001</c>).</summary>
    public string Number { get; private set; } = string.Empty;

    public Guid ClientId { get; private set; }

    public string Title { get; set; } = string.Empty;

    public QuoteStatus Status { get; private set; } = QuoteStatus.Draft;

    public DateOnly CreatedOn { get; private set; }

    public DateOnly? ValidUntil { get; set; }

    /// <summary>How projects deployed from this quote are invoiced.</summary>
    public ProjectBillingModel BillingModel { get; set; } = ProjectBillingModel.Milestone;

    public decimal? DepositPercent { get; set; }

    public DateOnly? AcceptedOn { get; private set; }

    public string? AcceptedBy { get; private set; }

    public Guid? SalesOrderId { get; private set; }

    /// <summary>The typed-name signature when a client contact accepted the quote in the portal.</summary>
    public string? AcceptedSignature { get; private set; }

    public DateTimeOffset? AcceptedUtc { get; private set; }

    public string? AcceptedFromIp { get; private set; }

    /// <summary>The agreement this quote renews, if any (reconciliation's renewal_without_quote looks for it).</summary>
    public Guid? RenewsAgreementId { get; set; }

    public IReadOnlyList<QuoteLine> Lines => _lines;

    public decimal Total => _lines.Sum(l => l.Amount);

    /// <summary>Still open: it can be sent, accepted or declined.</summary>
    public bool IsEditable => Status is QuoteStatus.Draft or QuoteStatus.Sent;

    /// <summary>Only a draft changes its lines and billing: what the client was sent stays what they can accept.</summary>
    public bool IsDraft => Status == QuoteStatus.Draft;

    public static Quote Create(string number, Guid clientId, string title, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Quote title is required.", "Title");
        }

        return new Quote { Number = number, ClientId = clientId, Title = title.Trim(), CreatedOn = today, ValidUntil = today.AddDays(30) };
    }

    public QuoteLine AddLine(QuoteLineKind kind, string description, decimal quantity, decimal unitPrice, decimal? hours = null, Guid? templateId = null, string? bundle = null)
    {
        EnsureDraft();
        var line = QuoteLine.Create(Id, _lines.Count + 1, kind, description, quantity, unitPrice, hours, templateId, bundle);
        _lines.Add(line);
        return line;
    }

    /// <summary>Adds every line of a product bundle, marked with the bundle's name.</summary>
    public void AddBundle(ProductBundle bundle)
    {
        foreach (var line in bundle.Lines)
        {
            AddLine(line.Kind, line.Description, line.Quantity, line.UnitPrice, line.Hours, line.TemplateId, bundle.Name);
        }
    }

    public void RemoveLine(Guid lineId)
    {
        EnsureDraft();
        _lines.RemoveAll(l => l.Id == lineId);
    }

    /// <summary>How the projects deployed from this quote are invoiced; a deposit is a fraction of the value (0.3 = 30 %).</summary>
    public void SetBilling(ProjectBillingModel model, decimal? depositPercent)
    {
        EnsureDraft();
        if (model == ProjectBillingModel.Deposit && depositPercent is not (> 0 and <= 1))
        {
            throw new DomainException("A deposit must be more than 0 and at most 100 %.", "Deposit %");
        }

        BillingModel = model;
        DepositPercent = model == ProjectBillingModel.Deposit ? depositPercent : null;
    }

    public void MarkSent()
    {
        EnsureEditable();
        Status = QuoteStatus.Sent;
    }

    public void Decline()
    {
        EnsureEditable();
        Status = QuoteStatus.Declined;
    }

    public void Accept(string by, DateOnly today, Guid salesOrderId, QuoteSignature? signature = null)
    {
        if (!IsEditable)
        {
            throw new DomainException($"Quote {Number} is {Status.ToString().ToLowerInvariant()} and cannot be accepted.", "Status");
        }

        if (_lines.Count == 0)
        {
            throw new DomainException($"Quote {Number} has no lines to accept.", "Lines");
        }

        if (ValidUntil is { } until && today > until)
        {
            throw new DomainException($"Quote {Number} expired on {until:d MMM yyyy} and can no longer be accepted; ask for a new quote.", "Valid until");
        }

        Status = QuoteStatus.Accepted;
        AcceptedBy = by;
        AcceptedOn = today;
        SalesOrderId = salesOrderId;
        if (signature is not null)
        {
            if (string.IsNullOrWhiteSpace(signature.TypedName) || signature.TypedName.Trim().Length is < 3 or > 200)
            {
                throw new DomainException("Type your full name to sign.", "Full name");
            }

            AcceptedSignature = signature.TypedName.Trim();
            AcceptedUtc = signature.SignedUtc;
            AcceptedFromIp = signature.FromIp;
        }
    }

    private void EnsureDraft()
    {
        if (Status == QuoteStatus.Sent)
        {
            throw new DomainException($"Quote {Number} was sent and is locked: what the client received is what they accept. Create a revised quote to change it.", "Status");
        }

        EnsureEditable();
    }

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new DomainException($"Quote {Number} is {Status.ToString().ToLowerInvariant()}; it can no longer change.", "Status");
        }
    }
}

public sealed class QuoteLine
{
    private QuoteLine()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid QuoteId { get; private set; }

    public int Order { get; private set; }

    public QuoteLineKind Kind { get; private set; }

    public string Description { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    /// <summary>Labour hours the line sells (labour lines: the quantity); becomes the project's hour budget.</summary>
    public decimal? Hours { get; private set; }

    /// <summary>The template deployed for this line when the quote is accepted.</summary>
    public Guid? TemplateId { get; private set; }

    public string? Bundle { get; private set; }

    public decimal Amount => MoneyMath.Round2(Quantity * UnitPrice);

    internal static QuoteLine Create(Guid quoteId, int order, QuoteLineKind kind, string description, decimal quantity, decimal unitPrice, decimal? hours, Guid? templateId, string? bundle)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new DomainException("Line description is required.", "Description");
        }

        if (quantity <= 0)
        {
            throw new DomainException("Quantity must be more than zero.", "Quantity");
        }

        if (unitPrice < 0)
        {
            throw new DomainException("Unit price cannot be negative.", "Unit price");
        }

        if (hours < 0)
        {
            throw new DomainException("Hours cannot be negative.", "Hours");
        }

        return new QuoteLine
        {
            QuoteId = quoteId,
            Order = order,
            Kind = kind,
            Description = description.Trim(),
            Quantity = quantity,
            UnitPrice = unitPrice,
            Hours = kind == QuoteLineKind.Labour ? hours ?? quantity : hours,
            TemplateId = templateId,
            Bundle = bundle,
        };
    }
}

/// <summary>Lines sold together (e.g. "Server refresh": hardware, licences, migration service linked to its template).</summary>
public sealed class ProductBundle
{
    private ProductBundle()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; set; }

    public List<BundleLine> Lines { get; set; } = [];

    public static ProductBundle Create(string name, IEnumerable<BundleLine> lines)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Bundle name is required.", "Name");
        }

        return new ProductBundle { Name = name.Trim(), Lines = lines.ToList() };
    }
}

public sealed record BundleLine(QuoteLineKind Kind, string Description, decimal Quantity, decimal UnitPrice, decimal? Hours = null, Guid? TemplateId = null);

/// <summary>Created when a quote is accepted: what was sold, for fulfilment and billing.</summary>
public sealed class SalesOrder
{
    private SalesOrder()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Number { get; private set; } = string.Empty;

    public Guid QuoteId { get; private set; }

    public Guid ClientId { get; private set; }

    public DateOnly CreatedOn { get; private set; }

    public decimal Total { get; private set; }

    public static SalesOrder For(Quote quote, string number, DateOnly today) =>
        new() { Number = number, QuoteId = quote.Id, ClientId = quote.ClientId, CreatedOn = today, Total = quote.Total };
}
