using System.Text;

namespace Psa.Domain.Sow;

/// <summary>Where a proposed item came from: a range of <see cref="SowDocument.Text"/>.</summary>
public readonly record struct SourceSpan(int Start, int Length)
{
    public static readonly SourceSpan None = new(0, 0);

    public int End => Start + Length;

    public bool IsEmpty => Length == 0;

    public string Of(string text) => Length == 0 || End > text.Length ? string.Empty : text.Substring(Start, Length);
}

public enum SowBlockKind
{
    Heading,
    Paragraph,
    ListItem,
    TableRow,
}

/// <summary>
/// One structural unit of a statement of work as the file presents it: a heading with its level, a
/// paragraph, a list item with its depth, or a table row with its cells.
/// </summary>
public sealed record SowBlock(SowBlockKind Kind, int Level, string Text, IReadOnlyList<string> Cells, SourceSpan Span)
{
    /// <summary>A list item written as a check box ("[ ] Backups verified").</summary>
    public bool IsCheckbox { get; init; }

    /// <summary>Rows of one table share the table's number, so two adjacent tables stay apart.</summary>
    public int Table { get; init; }
}

/// <summary>A statement of work reduced to its text and blocks; every block's span points into <see cref="Text"/>.</summary>
public sealed class SowDocument
{
    private SowDocument(string fileName, string text, IReadOnlyList<SowBlock> blocks)
    {
        FileName = fileName;
        Text = text;
        Blocks = blocks;
    }

    public string FileName { get; }

    public string Text { get; }

    public IReadOnlyList<SowBlock> Blocks { get; }

    /// <summary>Collects blocks in reading order and lays their text out one per line.</summary>
    public sealed class Builder(string fileName)
    {
        private readonly StringBuilder _text = new();
        private readonly List<SowBlock> _blocks = [];
        private int _table;
        private bool _inTable;

        public int Count => _blocks.Count;

        public Builder Heading(int level, string text) => Add(SowBlockKind.Heading, Math.Clamp(level, 1, 6), text, []);

        public Builder Paragraph(string text) => Add(SowBlockKind.Paragraph, 0, text, []);

        public Builder ListItem(int depth, string text, bool checkbox = false) => Add(SowBlockKind.ListItem, Math.Max(0, depth), text, [], checkbox);

        public Builder TableRow(IReadOnlyList<string> cells)
        {
            var clean = cells.Select(Clean).ToList();
            if (clean.All(c => c.Length == 0))
            {
                return this;
            }

            if (!_inTable)
            {
                _table++;
                _inTable = true;
            }

            return Add(SowBlockKind.TableRow, 0, string.Join(" | ", clean), clean);
        }

        /// <summary>Ends the current table so that the next row starts another one.</summary>
        public Builder EndTable()
        {
            _inTable = false;
            return this;
        }

        public SowDocument Build() => new(fileName, _text.ToString(), _blocks.ToList());

        private Builder Add(SowBlockKind kind, int level, string text, IReadOnlyList<string> cells, bool checkbox = false)
        {
            text = Clean(text);
            if (text.Length == 0)
            {
                return this;
            }

            if (kind != SowBlockKind.TableRow)
            {
                _inTable = false;
            }

            var start = _text.Length;
            _text.Append(text).Append('\n');
            _blocks.Add(new SowBlock(kind, level, text, cells, new SourceSpan(start, text.Length)) { IsCheckbox = checkbox, Table = kind == SowBlockKind.TableRow ? _table : 0 });
            return this;
        }

        private static string Clean(string text)
        {
            var builder = new StringBuilder(text.Length);
            var space = false;
            foreach (var c in text)
            {
                var ch = c switch
                {
                    '\u00A0' or '\t' or '\r' or '\n' => ' ',
                    '\u2018' or '\u2019' => '\'',
                    '\u201C' or '\u201D' => '"',
                    _ => c,
                };
                if (char.IsWhiteSpace(ch))
                {
                    space = builder.Length > 0;
                    continue;
                }

                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(ch);
            }

            return builder.ToString();
        }
    }
}
