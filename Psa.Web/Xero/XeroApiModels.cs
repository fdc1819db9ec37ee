using System.Globalization;
using System.Text.Json;

namespace Psa.Web.Xero;

// Xero Accounting API resources as its OpenAPI contract (xero_accounting.yaml) names them; only the
// fields Psa reads or writes. Dates travel as strings: Xero answers "/Date(ms+0000)/" and takes yyyy-MM-dd.

public sealed class XeroContactDto
{
    public Guid? ContactID { get; set; }

    public string? Name { get; set; }

    public string? EmailAddress { get; set; }

    public string? AccountNumber { get; set; }

    public string? ContactStatus { get; set; }

    public bool HasValidationErrors { get; set; }

    public List<XeroValidationError>? ValidationErrors { get; set; }
}

public sealed class XeroContactRef
{
    public Guid ContactID { get; set; }

    public string? Name { get; set; }
}

public sealed class XeroAccountDto
{
    public Guid AccountID { get; set; }

    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Status { get; set; }
}

public sealed class XeroTrackingCategoryDto
{
    public Guid TrackingCategoryID { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Status { get; set; }

    public List<XeroTrackingOptionDto> Options { get; set; } = [];
}

public sealed class XeroTrackingOptionDto
{
    public Guid TrackingOptionID { get; set; }

    public string Name { get; set; } = string.Empty;
}

public sealed class XeroLineItemDto
{
    public string? Description { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitAmount { get; set; }

    public string? AccountCode { get; set; }

    public decimal TaxAmount { get; set; }

    public decimal LineAmount { get; set; }

    public List<XeroLineTrackingDto>? Tracking { get; set; }
}

public sealed class XeroLineTrackingDto
{
    public string Name { get; set; } = string.Empty;

    public string Option { get; set; } = string.Empty;
}

public sealed class XeroValidationError
{
    public string? Message { get; set; }
}

public sealed class XeroInvoiceDto
{
    public string Type { get; set; } = "ACCREC";

    public Guid? InvoiceID { get; set; }

    public string? InvoiceNumber { get; set; }

    public string? Reference { get; set; }

    public XeroContactRef? Contact { get; set; }

    public string? Date { get; set; }

    public string? DueDate { get; set; }

    public string? Status { get; set; }

    public string? LineAmountTypes { get; set; }

    public List<XeroLineItemDto> LineItems { get; set; } = [];

    public decimal SubTotal { get; set; }

    public decimal TotalTax { get; set; }

    public decimal Total { get; set; }

    public decimal AmountDue { get; set; }

    public decimal AmountPaid { get; set; }

    public string? CurrencyCode { get; set; }

    public string? UpdatedDateUTC { get; set; }

    public bool HasErrors { get; set; }

    public List<XeroValidationError>? ValidationErrors { get; set; }
}

public sealed class XeroCreditNoteDto
{
    public string Type { get; set; } = "ACCRECCREDIT";

    public Guid? CreditNoteID { get; set; }

    public string? CreditNoteNumber { get; set; }

    public string? Reference { get; set; }

    public XeroContactRef? Contact { get; set; }

    public string? Date { get; set; }

    public string? Status { get; set; }

    public string? LineAmountTypes { get; set; }

    public List<XeroLineItemDto> LineItems { get; set; } = [];

    public decimal SubTotal { get; set; }

    public decimal Total { get; set; }

    public decimal RemainingCredit { get; set; }

    public string? CurrencyCode { get; set; }

    public string? UpdatedDateUTC { get; set; }

    public bool HasErrors { get; set; }

    public List<XeroValidationError>? ValidationErrors { get; set; }
}

public sealed class XeroInvoiceRef
{
    public Guid InvoiceID { get; set; }
}

public sealed class XeroPaymentDto
{
    public Guid PaymentID { get; set; }

    public XeroInvoiceRef? Invoice { get; set; }

    public string? Date { get; set; }

    public decimal Amount { get; set; }

    public string? Status { get; set; }

    public string? UpdatedDateUTC { get; set; }
}

public static class XeroJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads Xero's <c>/Date(1573755038314+0000)/</c> or an ISO 8601 date.</summary>
    public static DateTimeOffset? ParseInstant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.StartsWith("/Date(", StringComparison.Ordinal))
        {
            var digits = new string(text[6..].TakeWhile(c => char.IsDigit(c) || c == '-').ToArray());
            return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(digits, CultureInfo.InvariantCulture));
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public static DateOnly? ParseDate(string? text) => ParseInstant(text) is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null;

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
