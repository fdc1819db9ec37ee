using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Psa.Web.Billing;

/// <summary>
/// The invoice as a PDF attachment (PdfPig's writer; QuestPDF is not available here): the same parties,
/// dates, lines, totals and payment details as the print view, in the standard Helvetica fonts.
/// </summary>
public static class InvoicePdf
{
    private const double Left = 50;
    private const double Right = 545;
    private const double Bottom = 60;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static byte[] Write(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var i = d.Invoice;
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PageSize.A4);
        var y = 790d;
        string M(decimal v) => v.ToString("#,##0.00", Inv);

        void Text(string text, double x, double size, bool strong = false, bool alignRight = false)
        {
            var safe = Encodable(text);
            var font = strong ? bold : regular;
            if (alignRight)
            {
                var letters = page.MeasureText(safe, size, new PdfPoint(0, 0), font);
                var width = letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
                x -= width;
            }

            page.AddText(safe, size, new PdfPoint(x, y), font);
        }

        void NextLine(double step)
        {
            y -= step;
            if (y < Bottom)
            {
                page = builder.AddPage(PageSize.A4);
                y = 790;
            }
        }

        var title = i.IsCreditNote ? "CREDIT NOTE" : "INVOICE";
        Text(d.SellerName, Left, 16, strong: true);
        Text(title, Right, 18, strong: true, alignRight: true);
        NextLine(18);
        Text(i.DisplayNumber, Right, 11, strong: true, alignRight: true);
        foreach (var line in InvoiceDocuments.SellerLines(d))
        {
            Text(line, Left, 9);
            NextLine(12);
        }

        NextLine(16);
        page.SetStrokeColor(200, 200, 200);
        page.DrawLine(new PdfPoint(Left, y + 10), new PdfPoint(Right, y + 10), 0.5);
        var top = y;
        Text("BILL TO", Left, 8);
        NextLine(13);
        Text(d.ClientName, Left, 11, strong: true);
        foreach (var line in InvoiceDocuments.BillToLines(d))
        {
            NextLine(12);
            Text(line, Left, 9);
        }

        var leftBottom = y;
        y = top;
        var period = DateOnly.ParseExact(i.Period + "-01", "yyyy-MM-dd", Inv);
        foreach (var (label, value) in new[]
        {
            ("Issue date", i.IssuedOn?.ToString("d MMM yyyy", Inv) ?? "Not issued"),
            ("Due date", i.DueOn?.ToString("d MMM yyyy", Inv) ?? $"{i.PaymentTermsDays} days after issue"),
            ("Service period", $"{period:d MMM yyyy} - {period.AddMonths(1).AddDays(-1):d MMM yyyy}"),
            ("Payment terms", $"Net {i.PaymentTermsDays} days"),
            ("Currency", i.Currency),
        })
        {
            Text(label, 340, 9);
            Text(value, Right, 9, strong: true, alignRight: true);
            NextLine(13);
        }

        y = Math.Min(y, leftBottom) - 20;
        foreach (var section in i.Lines.GroupBy(l => l.Section))
        {
            NextLine(6);
            Text(d.SectionTitles.GetValueOrDefault(section.Key, section.Key), Left, 11, strong: true);
            NextLine(16);
            Text("Description", Left, 8, strong: true);
            Text("Qty", 370, 8, strong: true, alignRight: true);
            Text("Unit price", 440, 8, strong: true, alignRight: true);
            Text("Tax", 490, 8, strong: true, alignRight: true);
            Text("Amount", Right, 8, strong: true, alignRight: true);
            page.DrawLine(new PdfPoint(Left, y - 4), new PdfPoint(Right, y - 4), 0.5);
            NextLine(16);
            foreach (var l in section.OrderBy(l => l.Order))
            {
                var description = Wrap(l.Description, 52);
                Text(description[0], Left, 9);
                Text(l.Quantity.ToString("0.##", Inv) + (l.Kind is "time" or "overage" ? " h" : string.Empty), 370, 9, alignRight: true);
                Text(BillingText.UnitPrice(l) is { } unit ? M(unit) : "see rates", 440, 9, alignRight: true);
                Text(M(l.TaxAmount), 490, 9, alignRight: true);
                Text(M(l.Amount), Right, 9, alignRight: true);
                foreach (var more in description.Skip(1).Concat(l.Detail is { Length: > 0 } detail ? Wrap(detail, 70) : []))
                {
                    NextLine(11);
                    Text(more, Left + 8, 8);
                }

                NextLine(15);
            }
        }

        NextLine(6);
        page.DrawLine(new PdfPoint(340, y + 10), new PdfPoint(Right, y + 10), 0.5);
        Text("Subtotal", 340, 10);
        Text(M(i.Subtotal), Right, 10, alignRight: true);
        NextLine(14);
        Text("Tax", 340, 10);
        Text(M(i.Tax), Right, 10, alignRight: true);
        NextLine(16);
        Text($"Total {i.Currency}", 340, 12, strong: true);
        Text(M(i.Total), Right, 12, strong: true, alignRight: true);
        NextLine(30);
        Text($"Please quote {i.DisplayNumber} with your payment.", Left, 9);
        if (InvoiceDocuments.PaymentLine(d.Preferences) is { } bank)
        {
            NextLine(13);
            Text(bank, Left, 9, strong: true);
        }

        return builder.Build();
    }

    /// <summary>
    /// PdfPig's standard fonts draw plain ASCII only: accents are dropped (é → e), typographic signs become their
    /// ASCII look-alikes (× → x, · → -, – → -), anything else '?'.
    /// </summary>
    private static string Encodable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch
            {
                '\u00D7' => "x",
                '\u00B7' or '\u2013' or '\u2014' or '\u2212' => "-",
                '\u2018' or '\u2019' => "'",
                '\u201C' or '\u201D' => "\"",
                '\u2026' => "...",
                '\u20AC' => "EUR",
                '\u00A0' => " ",
                _ when c is >= ' ' and <= '~' => c.ToString(),
                _ => "?",
            });
        }

        return sb.ToString();
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + word.Length + 1 > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(current.ToString());
        return lines;
    }
}
