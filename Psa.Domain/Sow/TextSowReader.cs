using System.Text.RegularExpressions;

namespace Psa.Domain.Sow;

/// <summary>A line of a text-like statement of work; <see cref="HeadingLevel"/> is set when the file's own formatting says so (a larger font in a PDF).</summary>
public sealed record SowLine(string Text, int? HeadingLevel = null);

/// <summary>
/// Reads Markdown and plain-text statements of work, and the lines a PDF yields: headings (Markdown
/// <c>#</c>, underlined, outline-numbered "2.1 Title", "Phase 2: Title", capitals), bullet, numbered and
/// check-box lists with their nesting, pipe tables, and paragraphs joined across wrapped lines.
/// </summary>
public static partial class TextSowReader
{
    public static SowDocument Read(string fileName, string content) =>
        Read(fileName, content.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => new SowLine(l)).ToList());

    public static SowDocument Read(string fileName, IReadOnlyList<SowLine> lines)
    {
        var markdown = fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || lines.Any(l => MarkdownHeading().IsMatch(l.Text));
        var builder = new SowDocument.Builder(fileName);
        var pending = new Pending();
        for (var i = 0; i < lines.Count; i++)
        {
            var raw = lines[i].Text.TrimEnd();
            var line = raw.Trim();
            if (line.Length == 0)
            {
                pending.Flush(builder);
                builder.EndTable();
                continue;
            }

            var next = i + 1 < lines.Count ? lines[i + 1].Text.Trim() : string.Empty;
            if (lines[i].HeadingLevel is { } hinted)
            {
                pending.Flush(builder);
                builder.Heading(hinted, Inline(StripOutlineNumber(line)));
                continue;
            }

            if (MarkdownHeading().Match(line) is { Success: true } md)
            {
                pending.Flush(builder);
                builder.Heading(md.Groups[1].Length, Inline(StripOutlineNumber(md.Groups[2].Value.TrimEnd('#', ' '))));
                continue;
            }

            if (next.Length >= 3 && (next.All(c => c == '=') || (next.All(c => c == '-') && pending.IsEmpty)))
            {
                pending.Flush(builder);
                builder.Heading(next[0] == '=' ? 1 : 2, Inline(StripOutlineNumber(line)));
                i++;
                continue;
            }

            if (line.StartsWith('|') || line.Count(c => c == '|') >= 2)
            {
                pending.Flush(builder);
                var cells = line.Trim('|').Split('|').Select(c => Inline(c.Trim())).ToList();
                if (!cells.All(c => c.Length == 0 || c.All(ch => ch is '-' or ':' or ' ')))
                {
                    builder.TableRow(cells);
                }

                continue;
            }

            var indent = Indent(raw);
            if (Bullet().Match(line) is { Success: true } bullet)
            {
                pending.Flush(builder);
                var text = bullet.Groups["text"].Value;
                var checkbox = Checkbox().Match(text);
                pending.Start(SowBlockKind.ListItem, indent, checkbox.Success ? text[checkbox.Length..] : text, checkbox.Success);
                continue;
            }

            if (Checkbox().Match(line) is { Success: true } box)
            {
                pending.Flush(builder);
                pending.Start(SowBlockKind.ListItem, indent, line[box.Length..], checkbox: true);
                continue;
            }

            if (Outline().Match(line) is { Success: true } outline)
            {
                var depth = outline.Groups["number"].Value.TrimEnd('.').Split('.').Length;
                var title = outline.Groups["text"].Value;
                var listContinues = Outline().Match(next) is { Success: true } following && following.Groups["number"].Value.TrimEnd('.').Split('.').Length == depth && !IsTitleLike(following.Groups["text"].Value);
                if (!markdown && IsTitleLike(title) && (depth > 1 || !listContinues || pending.IsEmpty && next.Length == 0))
                {
                    pending.Flush(builder);
                    builder.Heading(depth, Inline(title));
                    continue;
                }

                pending.Flush(builder);
                pending.Start(SowBlockKind.ListItem, indent, title, false);
                continue;
            }

            if (Lettered().Match(line) is { Success: true } lettered)
            {
                pending.Flush(builder);
                pending.Start(SowBlockKind.ListItem, indent + 2, lettered.Groups["text"].Value, false);
                continue;
            }

            if (PhaseTitle().IsMatch(line) && IsTitleLike(line) && !line.EndsWith('.'))
            {
                pending.Flush(builder);
                builder.Heading(2, Inline(line));
                continue;
            }

            if (!markdown && Capitals(line))
            {
                pending.Flush(builder);
                builder.Heading(1, Inline(line));
                continue;
            }

            if (pending.Kind == SowBlockKind.ListItem && indent > pending.Indent)
            {
                pending.Append(line);
                continue;
            }

            if (pending.Kind == SowBlockKind.Paragraph && !pending.EndsSentence)
            {
                pending.Append(line);
                continue;
            }

            if (pending.Kind == SowBlockKind.Paragraph && !markdown)
            {
                pending.Append(line);
                continue;
            }

            pending.Flush(builder);
            pending.Start(SowBlockKind.Paragraph, indent, line, false);
        }

        pending.Flush(builder);
        return builder.Build();
    }

    /// <summary>A short line without a sentence's ending and without an estimate reads as a title.</summary>
    public static bool IsTitleLike(string text)
    {
        text = text.Trim();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words is > 0 and <= 9 && !text.EndsWith('.') && !text.EndsWith(';') && !text.EndsWith(',') && SowEstimates.Find(text) is null && !text.Contains('%');
    }

    public static string StripOutlineNumber(string text) => OutlinePrefix().Replace(text, string.Empty);

    internal static string Inline(string text) => Emphasis().Replace(text, string.Empty).Replace("\\", string.Empty).Trim();

    private static bool Capitals(string line)
    {
        var letters = line.Where(char.IsLetter).ToList();
        return letters.Count >= 4 && letters.All(char.IsUpper) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 8 && !line.EndsWith('.');
    }

    private static int Indent(string raw)
    {
        var indent = 0;
        foreach (var c in raw)
        {
            if (c == ' ')
            {
                indent++;
            }
            else if (c == '\t')
            {
                indent += 4;
            }
            else
            {
                break;
            }
        }

        return indent / 2;
    }

    private sealed class Pending
    {
        private string _text = string.Empty;
        private bool _checkbox;

        public SowBlockKind? Kind { get; private set; }

        public int Indent { get; private set; }

        public bool IsEmpty => Kind is null;

        public bool EndsSentence => _text.EndsWith('.') || _text.EndsWith(':') || _text.EndsWith('!') || _text.EndsWith('?');

        public void Start(SowBlockKind kind, int indent, string text, bool checkbox)
        {
            Kind = kind;
            Indent = indent;
            _text = text.Trim();
            _checkbox = checkbox;
        }

        public void Append(string text) => _text = _text + " " + text.Trim();

        public void Flush(SowDocument.Builder builder)
        {
            if (Kind == SowBlockKind.ListItem)
            {
                builder.ListItem(Indent, Inline(_text), _checkbox);
            }
            else if (Kind == SowBlockKind.Paragraph)
            {
                builder.Paragraph(Inline(_text));
            }

            Kind = null;
            _text = string.Empty;
        }
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.+)$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^(?:[-*+•◦▪·–]|o(?=\s))\s+(?<text>.+)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?:\[[ xX✓]?\]|☐|☑|☒)\s*")]
    private static partial Regex Checkbox();

    [GeneratedRegex(@"^(?<number>\d{1,2}(?:\.\d{1,2})*\.?)\)?\s+(?<text>\S.*)$")]
    private static partial Regex Outline();

    [GeneratedRegex(@"^(?:\(?[a-h]\)|[a-h]\.|\(?(?:i|ii|iii|iv|v|vi|vii|viii)\))\s+(?<text>\S.*)$")]
    private static partial Regex Lettered();

    [GeneratedRegex(@"^(?:phase|stage|workstream|wave|ph\.|work\s*package|wp|milestone|sprint|iteration|release)\s*(?:[0-9]+|[IVX]+|(?-i:[A-H]))\b", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseTitle();

    [GeneratedRegex(@"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+(?=\S)")]
    private static partial Regex OutlinePrefix();

    [GeneratedRegex(@"\*\*|__|(?<!\w)\*(?!\s)|(?<=\S)\*(?!\w)|(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])|`")]
    private static partial Regex Emphasis();
}
