using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Psa.Benchmarks.Sow;

/// <summary>
/// Writes the Word and PDF statements of work of the corpus from a small line markup (tests/sow-corpus/src):
/// <c>#</c>/<c>##</c>/<c>###</c> headings, <c>- </c> bullets (two spaces per level), <c>1. </c> numbered items,
/// <c>[ ] </c> check boxes, <c>| a | b |</c> table rows, <c>!b </c> a bold line without a heading style, and
/// paragraphs. Word files get real heading styles, list numbering and tables; PDFs get font sizes, indents and columns.
/// </summary>
public static partial class SowCorpusWriter
{
    private enum Kind
    {
        Heading,
        Bullet,
        Numbered,
        Checkbox,
        Row,
        Bold,
        Paragraph,
        Break,
    }

    private sealed record Item(Kind Kind, int Level, string Text, IReadOnlyList<string> Cells);

    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine(SowCorpus.FindFolder(), "src");
        var output = Directory.GetParent(Path.GetFullPath(folder))!.FullName;
        foreach (var source in Directory.GetFiles(folder, "*.src").Order())
        {
            var name = Path.GetFileNameWithoutExtension(source);
            var markup = File.ReadAllText(source);
            var target = Path.Combine(output, name);
            File.WriteAllBytes(target, name.EndsWith(".pdf", StringComparison.Ordinal) ? Pdf(markup) : Docx(markup));
            Console.WriteLine($"wrote {target}");
        }

        return 0;
    }

    private static List<Item> Parse(string markup)
    {
        var items = new List<Item>();
        foreach (var raw in markup.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            var level = (line.Length - trimmed.Length) / 2;
            if (trimmed.Length == 0)
            {
                items.Add(new Item(Kind.Break, 0, string.Empty, []));
            }
            else if (Heading().Match(trimmed) is { Success: true } h)
            {
                items.Add(new Item(Kind.Heading, h.Groups[1].Length, h.Groups[2].Value, []));
            }
            else if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                items.Add(new Item(Kind.Bullet, level, trimmed[2..], []));
            }
            else if (trimmed.StartsWith("[ ] ", StringComparison.Ordinal))
            {
                items.Add(new Item(Kind.Checkbox, level, trimmed[4..], []));
            }
            else if (Numbered().Match(trimmed) is { Success: true } n)
            {
                items.Add(new Item(Kind.Numbered, level, n.Groups[1].Value, []));
            }
            else if (trimmed.StartsWith('|'))
            {
                items.Add(new Item(Kind.Row, 0, trimmed, trimmed.Trim('|').Split('|').Select(c => c.Trim()).ToList()));
            }
            else if (trimmed.StartsWith("!b ", StringComparison.Ordinal))
            {
                items.Add(new Item(Kind.Bold, 0, trimmed[3..], []));
            }
            else if (items.Count > 0 && items[^1].Kind == Kind.Paragraph && !trimmed.StartsWith('•') && !Field().IsMatch(trimmed))
            {
                items[^1] = items[^1] with { Text = items[^1].Text + " " + trimmed };
            }
            else
            {
                items.Add(new Item(Kind.Paragraph, 0, trimmed, []));
            }
        }

        return items;
    }

    public static byte[] Docx(string markup)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body());
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                HeadingStyle("Title", "Title", 36),
                HeadingStyle("Heading1", "heading 1", 32),
                HeadingStyle("Heading2", "heading 2", 26),
                HeadingStyle("Heading3", "heading 3", 24),
                new Style(new StyleName { Val = "List Paragraph" }, new StyleParagraphProperties(new Indentation { Left = "720" })) { Type = StyleValues.Paragraph, StyleId = "ListParagraph" });
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(
                Abstract(1, NumberFormatValues.Bullet, "•"),
                Abstract(2, NumberFormatValues.Decimal, "%1."),
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 2 });
            var body = main.Document.Body!;
            Table? table = null;
            foreach (var item in Parse(markup))
            {
                if (item.Kind != Kind.Row && table is not null)
                {
                    body.Append(table);
                    table = null;
                }

                switch (item.Kind)
                {
                    case Kind.Heading:
                        body.Append(Para(item.Text, item.Level == 1 && body.ChildElements.Count == 0 ? "Title" : $"Heading{item.Level}"));
                        break;
                    case Kind.Bullet:
                    case Kind.Numbered:
                        var list = Para(item.Text, "ListParagraph");
                        list.ParagraphProperties!.Append(new NumberingProperties(new NumberingLevelReference { Val = item.Level }, new NumberingId { Val = item.Kind == Kind.Bullet ? 1 : 2 }));
                        body.Append(list);
                        break;
                    case Kind.Checkbox:
                        body.Append(Para("☐ " + item.Text, "ListParagraph"));
                        break;
                    case Kind.Bold:
                        body.Append(new Paragraph(new Run(new RunProperties(new Bold()), new Text(item.Text) { Space = SpaceProcessingModeValues.Preserve })));
                        break;
                    case Kind.Paragraph:
                        body.Append(Para(item.Text, null));
                        break;
                    case Kind.Row:
                        table ??= new Table(new TableProperties(new TableBorders(new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 })));
                        table.Append(new TableRow(item.Cells.Select(c => new TableCell(c.Split(';').Select(part => Para(part.Trim(), null)).ToArray()))));
                        break;
                }
            }

            if (table is not null)
            {
                body.Append(table);
            }

            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Style HeadingStyle(string id, string name, int halfPoints) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints.ToString() })) { Type = StyleValues.Paragraph, StyleId = id };

    private static AbstractNum Abstract(int id, NumberFormatValues format, string text) =>
        new(Enumerable.Range(0, 3).Select(level => new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = format }, new LevelText { Val = text.Replace("%1", $"%{level + 1}") }, new PreviousParagraphProperties(new Indentation { Left = (720 * (level + 1)).ToString(), Hanging = "360" })) { LevelIndex = level }))
        { AbstractNumberId = id };

    private static Paragraph Para(string text, string? style)
    {
        var paragraph = new Paragraph(new ParagraphProperties());
        if (style is not null)
        {
            paragraph.ParagraphProperties!.Append(new ParagraphStyleId { Val = style });
        }

        paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    public static byte[] Pdf(string markup)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        const double Left = 50;
        const double Top = 790;
        const double Bottom = 60;
        var page = builder.AddPage(595, 842);
        var y = Top;
        var rows = new List<Item>();

        void Line(string text, double size, PdfDocumentBuilder.AddedFont font, double x)
        {
            if (y < Bottom)
            {
                page = builder.AddPage(595, 842);
                y = Top;
            }

            page.AddText(Ascii(text), size, new PdfPoint(x, y), font);
            y -= size * 1.45;
        }

        void Wrapped(string text, double size, PdfDocumentBuilder.AddedFont font, double x, string? prefix = null)
        {
            var width = (int)((545 - x) / (size * 0.5));
            var first = true;
            foreach (var part in Wrap(text, width - (prefix?.Length ?? 0)))
            {
                Line((first ? prefix : prefix is null ? null : new string(' ', 0)) + part, size, font, first || prefix is null ? x : x + 12);
                first = false;
            }
        }

        void FlushRows()
        {
            if (rows.Count == 0)
            {
                return;
            }

            var columns = rows.Max(r => r.Cells.Count);
            var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Cells.Count ? r.Cells[c].Length : 0) * 5.2 + 30).ToList();
            foreach (var row in rows)
            {
                var x = Left;
                for (var c = 0; c < row.Cells.Count; c++)
                {
                    if (row.Cells[c].Length > 0)
                    {
                        page.AddText(Ascii(row.Cells[c]), 9.5, new PdfPoint(x, y), row == rows[0] ? bold : regular);
                    }

                    x += widths[c];
                }

                y -= 14;
                if (y < Bottom)
                {
                    page = builder.AddPage(595, 842);
                    y = Top;
                }
            }

            rows.Clear();
            y -= 10;
        }

        foreach (var item in Parse(markup))
        {
            if (item.Kind != Kind.Row)
            {
                FlushRows();
            }

            switch (item.Kind)
            {
                case Kind.Heading:
                    y -= 8;
                    Line(item.Text, item.Level switch { 1 => 17, 2 => 14, _ => 12 }, bold, Left);
                    y -= 2;
                    break;
                case Kind.Bullet:
                    Wrapped(item.Text, 10, regular, Left + 12 + 18 * item.Level, "- ");
                    break;
                case Kind.Numbered:
                    Wrapped(item.Text, 10, regular, Left + 12 + 18 * item.Level, "1. ");
                    break;
                case Kind.Checkbox:
                    Wrapped(item.Text, 10, regular, Left + 12 + 18 * item.Level, "[ ] ");
                    break;
                case Kind.Bold:
                    Line(item.Text, 10, bold, Left);
                    break;
                case Kind.Paragraph:
                    Wrapped(item.Text, 10, regular, Left);
                    break;
                case Kind.Row:
                    rows.Add(item);
                    break;
                case Kind.Break:
                    y -= 12;
                    break;
            }
        }

        FlushRows();
        return builder.Build();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    // The standard PDF fonts carry no glyphs beyond Latin-1 here.
    private static string Ascii(string text) =>
        text.Replace('—', '-').Replace('–', '-').Replace('’', '\'').Replace('“', '"').Replace('”', '"').Replace("☐", "[ ]", StringComparison.Ordinal);

    [GeneratedRegex(@"^(#{1,3})\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[A-Z][A-Za-z ]{1,20}:\s")]
    private static partial Regex Field();

    [GeneratedRegex(@"^\d+[.)]\s+(.+)$")]
    private static partial Regex Numbered();
}
