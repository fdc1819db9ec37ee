using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Psa.FakeXero;

// The Accounting API's resources as Xero's published OpenAPI contract (xero_accounting.yaml) names them:
// PascalCase fields, IDs as GUIDs, dates in Xero's "/Date(ms+0000)/" form. Only the fields Psa uses.

public sealed class FakeXeroContact
{
    public Guid ContactID { get; set; }

    public string? Name { get; set; }

    public string? EmailAddress { get; set; }

    public string? AccountNumber { get; set; }

    public string ContactStatus { get; set; } = "ACTIVE";

    public bool IsCustomer { get; set; } = true;

    public DateTimeOffset UpdatedDateUTC { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<FakeXeroValidationError>? ValidationErrors { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HasValidationErrors { get; set; }
}

public sealed class FakeXeroContactRef
{
    public Guid ContactID { get; set; }

    public string? Name { get; set; }
}

public sealed class FakeXeroAccount
{
    public Guid AccountID { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = "REVENUE";

    public string Status { get; set; } = "ACTIVE";

    public DateTimeOffset UpdatedDateUTC { get; set; }
}

public sealed class FakeXeroTrackingCategory
{
    public Guid TrackingCategoryID { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Status { get; set; } = "ACTIVE";

    public List<FakeXeroTrackingOption> Options { get; set; } = [];
}

public sealed class FakeXeroTrackingOption
{
    public Guid TrackingOptionID { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Status { get; set; } = "ACTIVE";
}

public sealed class FakeXeroLineItem
{
    public Guid LineItemID { get; set; }

    public string? Description { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitAmount { get; set; }

    public string? AccountCode { get; set; }

    public decimal TaxAmount { get; set; }

    public decimal LineAmount { get; set; }

    public List<FakeXeroLineTracking> Tracking { get; set; } = [];
}

public sealed class FakeXeroLineTracking
{
    public string Name { get; set; } = string.Empty;

    public string Option { get; set; } = string.Empty;
}

public sealed class FakeXeroValidationError
{
    public string Message { get; set; } = string.Empty;
}

public sealed class FakeXeroPaymentRef
{
    public Guid PaymentID { get; set; }

    public DateTimeOffset Date { get; set; }

    public decimal Amount { get; set; }
}

public sealed class FakeXeroInvoice
{
    public string Type { get; set; } = "ACCREC";

    public Guid InvoiceID { get; set; }

    public string? InvoiceNumber { get; set; }

    public string? Reference { get; set; }

    public FakeXeroContactRef? Contact { get; set; }

    public DateTimeOffset? Date { get; set; }

    public DateTimeOffset? DueDate { get; set; }

    public string Status { get; set; } = "DRAFT";

    public string LineAmountTypes { get; set; } = "Exclusive";

    public List<FakeXeroLineItem> LineItems { get; set; } = [];

    public decimal SubTotal { get; set; }

    public decimal TotalTax { get; set; }

    public decimal Total { get; set; }

    public decimal AmountDue { get; set; }

    public decimal AmountPaid { get; set; }

    public decimal AmountCredited { get; set; }

    public string? CurrencyCode { get; set; }

    public DateTimeOffset UpdatedDateUTC { get; set; }

    public List<FakeXeroPaymentRef> Payments { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusAttributeString { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HasErrors { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<FakeXeroValidationError>? ValidationErrors { get; set; }
}

public sealed class FakeXeroCreditNote
{
    public string Type { get; set; } = "ACCRECCREDIT";

    public Guid CreditNoteID { get; set; }

    public string? CreditNoteNumber { get; set; }

    public string? Reference { get; set; }

    public FakeXeroContactRef? Contact { get; set; }

    public DateTimeOffset? Date { get; set; }

    public string Status { get; set; } = "DRAFT";

    public string LineAmountTypes { get; set; } = "Exclusive";

    public List<FakeXeroLineItem> LineItems { get; set; } = [];

    public decimal SubTotal { get; set; }

    public decimal TotalTax { get; set; }

    public decimal Total { get; set; }

    public decimal RemainingCredit { get; set; }

    public string? CurrencyCode { get; set; }

    public DateTimeOffset UpdatedDateUTC { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusAttributeString { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HasErrors { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<FakeXeroValidationError>? ValidationErrors { get; set; }
}

public sealed class FakeXeroInvoiceRef
{
    public Guid InvoiceID { get; set; }

    public string? InvoiceNumber { get; set; }
}

public sealed class FakeXeroAccountRef
{
    public Guid? AccountID { get; set; }

    public string? Code { get; set; }
}

public sealed class FakeXeroPayment
{
    public Guid PaymentID { get; set; }

    public FakeXeroInvoiceRef? Invoice { get; set; }

    public FakeXeroAccountRef? Account { get; set; }

    public DateTimeOffset? Date { get; set; }

    public decimal Amount { get; set; }

    public string? Reference { get; set; }

    public string Status { get; set; } = "AUTHORISED";

    public string PaymentType { get; set; } = "ACCRECPAYMENT";

    public DateTimeOffset UpdatedDateUTC { get; set; }
}

/// <summary>Xero's JSON: PascalCase names as declared, dates as <c>/Date(milliseconds+0000)/</c>.</summary>
public static class FakeXeroJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        Converters = { new XeroDateConverter(), new XeroNullableDateConverter() },
    };

    public static string Format(DateTimeOffset value) =>
        $"/Date({value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}+0000)/";

    /// <summary>Xero writes <c>/Date(…)/</c> and accepts <c>yyyy-MM-dd</c> or ISO 8601 on input.</summary>
    public static DateTimeOffset Parse(string text)
    {
        if (text.StartsWith("/Date(", StringComparison.Ordinal))
        {
            var digits = text[6..].TakeWhile(c => char.IsDigit(c) || c == '-').ToArray();
            return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(new string(digits), CultureInfo.InvariantCulture));
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private sealed class XeroDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));
    }

    private sealed class XeroNullableDateConverter : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null || reader.GetString() is not { Length: > 0 } text ? null : Parse(text);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteStringValue(Format(v));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
