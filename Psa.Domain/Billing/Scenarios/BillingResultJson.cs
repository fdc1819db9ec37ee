using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Psa.Domain.Billing.Scenarios;

/// <summary>
/// Writes a <see cref="BillingResult"/> in the output shape of BILLING.md §7: camelCase fields, money
/// with two decimals (175.00), minute balances as whole numbers.
/// </summary>
public static class BillingResultJson
{
    public static string Serialize(BillingResult result, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, BillingResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);

        writer.WriteStartObject();
        writer.WriteString("period", result.Period.ToString());

        writer.WriteStartArray("invoices");
        foreach (var invoice in result.Invoices)
        {
            writer.WriteStartObject();
            writer.WriteString("client", invoice.ClientId);
            writer.WriteString("group", invoice.Group);
            writer.WriteStartArray("lines");
            foreach (var line in invoice.Lines)
            {
                WriteLine(writer, line);
            }

            writer.WriteEndArray();
            WriteMoney(writer, "subtotal", invoice.Subtotal);
            WriteMoney(writer, "tax", invoice.Tax);
            WriteMoney(writer, "total", invoice.Total);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("balances");
        foreach (var balance in result.Balances)
        {
            writer.WriteStartObject();
            writer.WriteString("agreement", balance.AgreementId);
            if (balance.Unit == BalanceUnit.Minutes)
            {
                writer.WriteString("unit", "minutes");
                WriteQuantity(writer, "remaining", balance.Remaining);
                WriteQuantity(writer, "expired", balance.Expired);
            }
            else
            {
                writer.WriteString("unit", "money");
                WriteMoney(writer, "remaining", balance.Remaining);
                WriteMoney(writer, "expired", balance.Expired);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("warnings");
        foreach (var warning in result.Warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", warning.Code);
            writer.WriteStartArray("ids");
            foreach (var id in warning.Ids)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLine(Utf8JsonWriter writer, InvoiceLine line)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", line.Kind.ToCode());
        writer.WriteString("item", line.Item);
        WriteQuantity(writer, "quantity", line.Quantity);
        WriteMoney(writer, "unitPrice", line.UnitPrice);
        WriteMoney(writer, "amount", line.Amount);
        WriteMoney(writer, "taxAmount", line.TaxAmount);
        writer.WriteString("glAccount", line.GlAccount);
        if (line.Days is { } days)
        {
            writer.WriteNumber("days", days);
        }

        writer.WriteStartArray("sources");
        foreach (var source in line.Sources)
        {
            writer.WriteStringValue(source);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Money: two decimals; a price with more precision is written in full.</summary>
    private static void WriteMoney(Utf8JsonWriter writer, string name, decimal value)
    {
        writer.WritePropertyName(name);
        var text = value == decimal.Round(value, 2)
            ? value.ToString("F2", CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);
        writer.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>Counts (hours, units, minutes): whole numbers without decimals, else up to six decimals.</summary>
    private static void WriteQuantity(Utf8JsonWriter writer, string name, decimal value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(value.ToString("0.######", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
