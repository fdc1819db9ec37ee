using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Psa.Domain;
using Psa.Domain.Sow;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Psa.Infrastructure.Sow;

/// <summary>
/// Turns an uploaded statement of work into a <see cref="SowDocument"/>: Word (.docx) by its heading
/// styles, list numbering and tables; PDF by its lines, font sizes, indents and column gaps; Markdown
/// and plain text by their conventions. Anything else, anything over 10 MB and anything unreadable is
/// refused with a message naming the file.
/// </summary>
public static partial class SowFileReader
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlyList<string> Extensions = [".docx", ".pdf", ".md", ".txt"];

    public static SowDocument Read(string fileName, byte[] content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            throw new DomainException($"{Path.GetFileName(fileName)}: a statement of work must be a .docx, .pdf, .md or .txt file.", "File");
        }

        if (content.LongLength > MaxBytes)
        {
            throw new DomainException($"{Path.GetFileName(fileName)} is {content.LongLength / 1024d / 1024d:0.0} MB; a statement of work can be at most 10 MB.", "File");
        }

        if (content.Length == 0)
        {
            throw new DomainException($"{Path.GetFileName(fileName)} is empty.", "File");
        }

        try
        {
            return extension switch
            {
                ".docx" => ReadDocx(fileName, content),
                ".pdf" => ReadPdf(fileName, content),
                _ => TextSowReader.Read(fileName, Decode(content)),
            };
        }
        catch (Exception ex) when (ex is not DomainException)
        {
            throw new DomainException($"{Path.GetFileName(fileName)} could not be read as a {extension} file ({ex.GetType().Name}: {ex.Message}).", "File");
        }
    }

    public static async Task<SowDocument> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DomainException($"{path} does not exist.", "File");
        }

        if (info.Length > MaxBytes)
        {
            throw new DomainException($"{info.Name} is {info.Length / 1024d / 1024d:0.0} MB; a statement of work can be at most 10 MB.", "File");
        }

        return Read(info.Name, await File.ReadAllBytesAsync(path, cancellationToken));
    }

    private static string Decode(byte[] content)
    {
        var text = new UTF8Encoding(false, true);
        try
        {
            return text.GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }

    private static SowDocument ReadDocx(string fileName, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart?.Document?.Body ?? throw new DomainException($"{fileName} has no document body.", "File");
        var styles = word.MainDocumentPart!.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .ToDictionary(s => s.StyleId!.Value!, s => s, StringComparer.OrdinalIgnoreCase) ?? [];
        var builder = new SowDocument.Builder(fileName);
        foreach (var element in body.ChildElements)
        {
            if (element is Paragraph paragraph)
            {
                DocxParagraph(builder, paragraph, styles);
            }
            else if (element is Table table)
            {
                foreach (var row in table.Elements<TableRow>())
                {
                    builder.TableRow(row.Elements<TableCell>().Select(c => string.Join("; ", c.Elements<Paragraph>().Select(TextOf).Where(t => t.Trim().Length > 0))).ToList());
                }

                builder.EndTable();
            }
        }

        return builder.Build();
    }

    private static void DocxParagraph(SowDocument.Builder builder, Paragraph paragraph, Dictionary<string, Style> styles)
    {
        var text = TextOf(paragraph).Trim();
        if (text.Length == 0)
        {
            return;
        }

        var properties = paragraph.ParagraphProperties;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        var style = styleId is not null ? styles.GetValueOrDefault(styleId) : null;
        var styleName = (style?.StyleName?.Val?.Value ?? styleId ?? string.Empty).ToLowerInvariant();
        var outline = properties?.OutlineLevel?.Val?.Value ?? style?.StyleParagraphProperties?.OutlineLevel?.Val?.Value;
        if (styleName == "title")
        {
            builder.Heading(1, text);
            return;
        }

        if (styleName.StartsWith("heading", StringComparison.Ordinal) && int.TryParse(styleName["heading".Length..].Trim(), out var level))
        {
            builder.Heading(level, TextSowReader.StripOutlineNumber(text));
            return;
        }

        if (outline is { } outlineLevel && outlineLevel < 9)
        {
            builder.Heading(outlineLevel + 1, TextSowReader.StripOutlineNumber(text));
            return;
        }

        var numbering = properties?.NumberingProperties ?? style?.StyleParagraphProperties?.NumberingProperties;
        var checkbox = text.StartsWith('☐') || text.StartsWith('☑') || text.StartsWith('☒') || text.StartsWith("[ ]", StringComparison.Ordinal) || text.StartsWith("[x]", StringComparison.OrdinalIgnoreCase);
        if (numbering is not null || styleName.StartsWith("list", StringComparison.Ordinal) || checkbox)
        {
            var depth = numbering?.NumberingLevelReference?.Val?.Value ?? ListDepth(styleName);
            builder.ListItem(depth, checkbox ? text.TrimStart('☐', '☑', '☒').Replace("[ ]", string.Empty, StringComparison.Ordinal).Replace("[x]", string.Empty, StringComparison.OrdinalIgnoreCase).Trim() : text, checkbox);
            return;
        }

        // Documents written without styles: a short all-bold line is a heading, typed bullets are a list.
        var runs = paragraph.Elements<Run>().Where(r => r.InnerText.Trim().Length > 0).ToList();
        if (runs.Count > 0 && runs.All(r => r.RunProperties?.Bold is { } bold && (bold.Val is null || bold.Val.Value)) && TextSowReader.IsTitleLike(text))
        {
            builder.Heading(3, TextSowReader.StripOutlineNumber(text));
            return;
        }

        if (text.Length > 2 && "•-*–▪◦".Contains(text[0]) && char.IsWhiteSpace(text[1]))
        {
            builder.ListItem(0, text[2..]);
            return;
        }

        builder.Paragraph(text);
    }

    private static int ListDepth(string styleName) =>
        styleName.Length > 0 && char.IsDigit(styleName[^1]) ? Math.Max(0, styleName[^1] - '1') : 0;

    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                case Break:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }

    private static SowDocument ReadPdf(string fileName, byte[] content)
    {
        using var pdf = PdfDocument.Open(content);
        var pages = pdf.GetPages().Select(p => Lines(p.Letters)).ToList();
        var all = pages.SelectMany(p => p).ToList();
        if (all.Count == 0)
        {
            throw new DomainException($"{fileName} has no text to read (a scanned PDF needs text recognition first).", "File");
        }

        var body = all.GroupBy(l => Math.Round(l.Size)).OrderByDescending(g => g.Sum(l => l.Text.Length)).First().Key;
        var headingSizes = all.Where(l => l.Size >= body + 1.5).Select(l => Math.Round(l.Size)).Distinct().OrderDescending().ToList();
        var left = all.Min(l => l.Left);
        var right = all.Where(l => !l.Text.StartsWith('|')).Select(l => l.Right).DefaultIfEmpty(0).Max();
        var lines = new List<SowLine>();
        foreach (var page in pages)
        {
            PdfLine? previous = null;
            foreach (var line in page)
            {
                if (previous is not null && previous.Baseline - line.Baseline > previous.Size * 1.9)
                {
                    lines.Add(new SowLine(string.Empty));
                    previous = null;
                }

                int? level = line.Size >= body + 1.5 ? headingSizes.IndexOf(Math.Round(line.Size)) + 1 : line.Bold && !line.Text.StartsWith('|') && TextSowReader.IsTitleLike(line.Text) ? headingSizes.Count + 1 : null;
                if (level is null && previous is not null && Wraps(previous, line, right))
                {
                    // The line before ran to the right margin: this one is its continuation, not a new item.
                    lines[^1] = lines[^1] with { Text = lines[^1].Text + " " + line.Text };
                    previous = line with { Left = previous.Left };
                    continue;
                }

                var indent = new string(' ', (int)Math.Max(0, Math.Round((line.Left - left) / 9.0)));
                lines.Add(new SowLine(indent + line.Text, level));
                previous = level is null ? line : null;
            }

            lines.Add(new SowLine(string.Empty));
        }

        return TextSowReader.Read(fileName, lines);
    }

    private sealed record PdfLine(string Text, double Baseline, double Left, double Right, double Size, bool Bold);

    private static bool Wraps(PdfLine previous, PdfLine line, double right) =>
        !previous.Text.StartsWith('|') && !line.Text.StartsWith('|')
        && previous.Right >= right - (previous.Size * 6)
        && line.Left >= previous.Left - 1
        && Math.Abs(previous.Size - line.Size) < 0.5
        && !ItemStart().IsMatch(line.Text);

    /// <summary>Letters grouped into lines by baseline; wide gaps between words become table cells.</summary>
    private static List<PdfLine> Lines(IReadOnlyList<Letter> letters)
    {
        var lines = new List<PdfLine>();
        foreach (var group in letters.Where(l => l.Value.Length > 0).GroupBy(l => Math.Round(l.StartBaseLine.Y / 2.0)).OrderByDescending(g => g.Key))
        {
            var ordered = group.OrderBy(l => l.StartBaseLine.X).ToList();
            var size = ordered.Max(l => l.PointSize);
            var text = new StringBuilder();
            var cells = 0;
            double? end = null;
            foreach (var letter in ordered)
            {
                if (string.IsNullOrWhiteSpace(letter.Value))
                {
                    continue;
                }

                if (end is { } e)
                {
                    var gap = letter.StartBaseLine.X - e;
                    if (gap > size * 2.5)
                    {
                        text.Append(" | ");
                        cells++;
                    }
                    else if (gap > size * 0.15)
                    {
                        text.Append(' ');
                    }
                }

                text.Append(letter.Value);
                end = letter.EndBaseLine.X;
            }

            var line = text.ToString();
            if (cells > 0)
            {
                line = "| " + line + " |";
            }

            var bold = ordered.Where(l => !string.IsNullOrWhiteSpace(l.Value)).All(l => (l.FontName ?? string.Empty).Contains("Bold", StringComparison.OrdinalIgnoreCase));
            lines.Add(new PdfLine(line, group.Key * 2.0, ordered[0].StartBaseLine.X, end ?? ordered[0].StartBaseLine.X, size, bold));
        }

        return lines;
    }

    /// <summary>A line that starts an item of its own: a bullet, a number ("2.1", "3."), a letter ("a)") or a check box.</summary>
    [GeneratedRegex(@"^(?:[-*+•◦▪·–o]\s|\d{1,2}(?:\.\d{1,2})*[.)]?\s|\(?[a-h]\)\s|\[[ xX]?\]|☐|☑|☒)")]
    private static partial Regex ItemStart();
}
