using System.Globalization;
using System.Text.RegularExpressions;

namespace Psa.Domain.Sow;

/// <summary>
/// The deterministic reading of a statement of work: sections by heading, phases ("Phase 2", or the
/// sections under "Scope of work"), tasks from lists, table rows, sub-headings and estimate-bearing
/// sentences, checklists from nested and check-box items, dependencies ("after Phase 1", "following
/// sign-off of Discovery", "requires …"), sign-off from acceptance language, milestones from the payment
/// schedule, skills, assumptions and exclusions. Pure: no I/O, no network, same input same output.
/// </summary>
public static partial class SowExtractor
{
    private enum Kind
    {
        Other,
        Phase,
        Container,
        Assumptions,
        Exclusions,
        Payment,
        Acceptance,
        Skills,
        Dependencies,
        Ignored,
    }

    private enum Mode
    {
        Tasks,
        Gate,
        Skip,
        Assumptions,
        Exclusions,
        Skills,
    }

    public static SowProposal Extract(SowDocument document)
    {
        var root = Outline(document.Blocks);
        var proposal = new SowProposal { FileName = document.FileName, SourceText = document.Text };
        var sections = root.Descendants().ToList();
        foreach (var section in sections)
        {
            section.Kind = Classify(section.Title);
        }

        var phaseSections = sections.Where(s => s.Kind == Kind.Phase).ToList();
        if (phaseSections.Count == 0)
        {
            phaseSections = sections.Where(s => s.Parent?.Kind == Kind.Container && s.Kind is Kind.Other && HoldsWork(s)).ToList();
            phaseSections.ForEach(s => s.Kind = Kind.Phase);
        }

        // Nested phase headings ("Phase 2" under "Phase 2 — Migration") keep the outer one.
        phaseSections = phaseSections.Where(s => !s.Ancestors().Any(a => a.Kind == Kind.Phase)).ToList();
        var context = new Context(proposal, document);
        foreach (var section in phaseSections)
        {
            var phase = new SowPhase { Name = PhaseName(section.Title), Number = PhaseNumber(section.Title), Source = section.Heading!.Span };
            proposal.Phases.Add(phase);
            context.PhaseOf[section] = phase;
        }

        for (var i = 0; i < proposal.Phases.Count; i++)
        {
            proposal.Phases[i].Number ??= proposal.Phases.Any(p => p.Number == i + 1) ? null : i + 1;
        }

        foreach (var section in phaseSections)
        {
            ReadPhase(context, section, context.PhaseOf[section]);
        }

        foreach (var section in sections.Where(s => s.Kind == Kind.Other || s.Kind == Kind.Container))
        {
            if (!section.Ancestors().Any(a => a.Kind == Kind.Phase) && !phaseSections.Contains(section))
            {
                ReadLooseTables(context, section);
            }
        }

        ReadLooseTables(context, root);
        if (proposal.Phases.Count == 0)
        {
            ReadSinglePhase(context, sections);
        }

        foreach (var section in sections.Where(s => !s.Ancestors().Any(a => a.Kind == Kind.Phase) && s.Kind != Kind.Phase))
        {
            switch (section.Kind)
            {
                case Kind.Assumptions:
                    Notes(section, proposal.Assumptions);
                    break;
                case Kind.Exclusions:
                    Notes(section, proposal.Exclusions);
                    break;
                case Kind.Skills:
                    context.GlobalSkills.AddRange(section.Body.Select(SkillName).Where(s => s.Length > 0));
                    break;
                case Kind.Acceptance:
                    foreach (var block in section.Body)
                    {
                        Acceptance(context, block.Text, block.Span);
                    }

                    break;
                case Kind.Dependencies:
                    foreach (var block in section.Body)
                    {
                        DependencyStatements(context, block.Text, block.Span);
                    }

                    break;
            }

            foreach (var block in section.Body.Where(b => b.Kind == SowBlockKind.Paragraph && section.Kind is not (Kind.Payment or Kind.Acceptance or Kind.Dependencies)))
            {
                DependencyStatements(context, block.Text, block.Span);
                if (RequiredSkills().Match(block.Text) is { Success: true } skills)
                {
                    context.GlobalSkills.AddRange(SplitList(skills.Groups["list"].Value));
                }
            }
        }

        Milestones(context, sections);
        Skills(context);
        foreach (var phase in proposal.Phases)
        {
            phase.DependsOn = phase.DependsOn.Distinct().ToList();
        }

        return proposal;
    }

    private sealed class Context(SowProposal proposal, SowDocument document)
    {
        public SowProposal Proposal { get; } = proposal;

        public SowDocument Document { get; } = document;

        public Dictionary<Section, SowPhase> PhaseOf { get; } = [];

        public List<string> GlobalSkills { get; } = [];

        public Dictionary<SowPhase, List<string>> PhaseSkills { get; } = [];

        public HashSet<SowTask> ExplicitSkills { get; } = [];

        public HashSet<int> TablesRead { get; } = [];

        /// <summary>Tasks whose estimate was read from their own title, with the title as written.</summary>
        public Dictionary<SowTask, string> TitleEstimates { get; } = [];
    }

    private sealed class Section
    {
        public SowBlock? Heading { get; init; }

        public int Level { get; init; }

        public string Title => Heading?.Text ?? string.Empty;

        public Section? Parent { get; init; }

        public List<SowBlock> Body { get; } = [];

        public List<Section> Children { get; } = [];

        public Kind Kind { get; set; }

        public IEnumerable<Section> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));

        public IEnumerable<Section> Ancestors()
        {
            for (var s = Parent; s is not null; s = s.Parent)
            {
                yield return s;
            }
        }

        /// <summary>The body of this section and of its sub-sections, headings included, in reading order.</summary>
        public IEnumerable<SowBlock> All() => Body.Concat(Children.SelectMany(c => c.All().Prepend(c.Heading!)));
    }

    private static Section Outline(IReadOnlyList<SowBlock> blocks)
    {
        var root = new Section { Level = 0 };
        var stack = new Stack<Section>();
        stack.Push(root);
        foreach (var block in blocks)
        {
            if (block.Kind == SowBlockKind.Heading)
            {
                while (stack.Peek().Level >= block.Level)
                {
                    stack.Pop();
                }

                var section = new Section { Heading = block, Level = block.Level, Parent = stack.Peek() };
                stack.Peek().Children.Add(section);
                stack.Push(section);
            }
            else
            {
                stack.Peek().Body.Add(block);
            }
        }

        return root;
    }

    /// <summary>A section reads as a phase when it holds work: a list, a task table without a phase column, sub-sections or estimated sentences.</summary>
    private static bool HoldsWork(Section section) =>
        section.Children.Count > 0
        || section.Body.Any(b => b.Kind == SowBlockKind.ListItem || b.Kind == SowBlockKind.Paragraph && SowEstimates.Find(b.Text) is not null)
        || section.Body.Any(b => b.Kind == SowBlockKind.TableRow) && !section.Body.Where(b => b.Kind == SowBlockKind.TableRow).GroupBy(b => b.Table).Any(t => Header(t.First().Cells)?.ContainsKey("phase") == true);

    private static Kind Classify(string title)
    {
        var t = title.ToLowerInvariant();
        if (PhaseTitle().IsMatch(title) && !Money().IsMatch(title))
        {
            return Kind.Phase;
        }

        if (Pattern1().IsMatch(t))
        {
            return Kind.Assumptions;
        }

        if (Pattern2().IsMatch(t))
        {
            return Kind.Exclusions;
        }

        if (Pattern3().IsMatch(t))
        {
            return Kind.Payment;
        }

        if (Pattern4().IsMatch(t))
        {
            return Kind.Acceptance;
        }

        if (Pattern5().IsMatch(t))
        {
            return Kind.Skills;
        }

        if (Pattern6().IsMatch(t))
        {
            return Kind.Dependencies;
        }

        if (Pattern7().IsMatch(t))
        {
            return Kind.Container;
        }

        return Pattern8().IsMatch(t)
            ? Kind.Ignored
            : Kind.Other;
    }

    private static void ReadPhase(Context context, Section section, SowPhase phase)
    {
        Statements(context, phase, section.Heading!.Text, section.Heading.Span, heading: true);
        var state = new PhaseState(phase);
        ReadBody(context, phase, section.Body, state);
        foreach (var child in section.Children)
        {
            ReadSubsection(context, phase, child, state);
        }
    }

    private sealed class PhaseState(SowPhase phase)
    {
        public SowPhase Phase { get; } = phase;

        public Mode Mode { get; set; } = Mode.Tasks;

        public SowTask? Task { get; set; }

        public int TaskDepth { get; set; } = -1;

        public bool TaskFromHeading { get; set; }

        public Dictionary<string, int>? Columns { get; set; }

        public int Table { get; set; }
    }

    private static void ReadSubsection(Context context, SowPhase phase, Section child, PhaseState state)
    {
        var title = child.Title;
        var label = LabelMode(title + ":");
        if (label is { } mode)
        {
            state.Mode = mode;
            state.Task = null;
            ReadBody(context, phase, child.Body, state);
        }
        else if (Classify(title) is Kind.Payment or Kind.Acceptance or Kind.Dependencies or Kind.Ignored)
        {
            foreach (var block in child.Body)
            {
                Statements(context, phase, block.Text, block.Span, heading: false);
            }
        }
        else
        {
            var task = NewTask(context, phase, title, child.Heading!.Span);
            state.Mode = Mode.Tasks;
            state.Task = task;
            state.TaskDepth = -1;
            state.TaskFromHeading = true;
            ReadBody(context, phase, child.Body, state);
        }

        foreach (var grandchild in child.Children)
        {
            ReadSubsection(context, phase, grandchild, state);
        }

        state.Mode = Mode.Tasks;
        state.Task = null;
        state.TaskFromHeading = false;
    }

    private static void ReadBody(Context context, SowPhase phase, IEnumerable<SowBlock> blocks, PhaseState state)
    {
        foreach (var block in blocks)
        {
            switch (block.Kind)
            {
                case SowBlockKind.Paragraph:
                    Paragraph(context, phase, block, state);
                    break;
                case SowBlockKind.ListItem:
                    ListItem(context, phase, block, state);
                    break;
                case SowBlockKind.TableRow:
                    TableRow(context, phase, block, state);
                    break;
            }
        }
    }

    private static void Paragraph(Context context, SowPhase phase, SowBlock block, PhaseState state)
    {
        var text = block.Text;
        if (text.EndsWith(':') && LabelMode(text) is { } mode)
        {
            state.Mode = mode;
            if (mode != Mode.Tasks || !state.TaskFromHeading)
            {
                state.Task = null;
            }

            return;
        }

        if (state.Task is not null && FieldSeparator().IsMatch(text) && FieldSeparator().Split(text) is var parts && parts.All(f => Field().IsMatch(f.Trim())))
        {
            foreach (var part in parts)
            {
                Paragraph(context, phase, block with { Text = part.Trim() }, state);
            }

            return;
        }

        if (Field().Match(text) is { Success: true } field && state.Task is { } current)
        {
            var name = field.Groups["name"].Value.ToLowerInvariant();
            var value = field.Groups["value"].Value.Trim().TrimEnd('.');
            if (name.StartsWith("estimate") || name.StartsWith("effort") || name.StartsWith("duration"))
            {
                if (context.TitleEstimates.Remove(current, out var heading) && SowEstimates.Hours(value) is { } stated)
                {
                    // "Run parallel backups for one week" with "Effort: 6h": the field is the effort, the title keeps its duration.
                    current.EstimateHours = stated;
                    current.Title = CleanTitle(heading);
                }

                current.EstimateHours ??= SowEstimates.Hours(value);
                return;
            }

            if (name.StartsWith("owner") || name.StartsWith("responsible"))
            {
                current.Owner = value;
                return;
            }

            if (name.StartsWith("skill"))
            {
                current.Skills.AddRange(SplitList(value));
                context.ExplicitSkills.Add(current);
                return;
            }

            if (name.StartsWith("checklist") || name.StartsWith("to-do") || name.StartsWith("todo") || name.StartsWith("done when"))
            {
                current.Checklist.AddRange(SplitList(value));
                return;
            }
        }

        if (PhaseSkills().Match(text) is { Success: true } skills && state.Task is null)
        {
            context.PhaseSkills[phase] = SplitList(skills.Groups["list"].Value);
            return;
        }

        if (state.Mode is Mode.Assumptions or Mode.Exclusions)
        {
            (state.Mode == Mode.Assumptions ? context.Proposal.Assumptions : context.Proposal.Exclusions).Add(new SowNote(text.TrimEnd('.'), block.Span));
            return;
        }

        foreach (var (sentence, span) in Sentences(text, block.Span))
        {
            var consumed = Statements(context, phase, sentence, span, heading: false);
            if (consumed || state.TaskFromHeading || Money().IsMatch(sentence))
            {
                if (state.TaskFromHeading && state.Task is { EstimateHours: null } t && SowEstimates.Hours(sentence) is { } hours)
                {
                    t.EstimateHours = hours;
                }

                continue;
            }

            if (SowEstimates.Find(sentence) is not null && !NotEffort().IsMatch(sentence) && ProseTitle(sentence) is { Length: > 0 } title)
            {
                var task = NewTask(context, phase, title, span, readEstimate: false);
                task.EstimateHours = SowEstimates.Hours(sentence);
                state.Task = task;
                state.TaskDepth = -1;
            }
        }
    }

    private static void ListItem(Context context, SowPhase phase, SowBlock block, PhaseState state)
    {
        switch (state.Mode)
        {
            case Mode.Gate:
                phase.GateItems.Add(block.Text.TrimEnd('.'));
                return;
            case Mode.Skip:
                return;
            case Mode.Assumptions:
                context.Proposal.Assumptions.Add(new SowNote(block.Text.TrimEnd('.'), block.Span));
                return;
            case Mode.Exclusions:
                context.Proposal.Exclusions.Add(new SowNote(block.Text.TrimEnd('.'), block.Span));
                return;
            case Mode.Skills:
                context.PhaseSkills.TryAdd(phase, []);
                context.PhaseSkills[phase].Add(SkillName(block));
                return;
        }

        if (state.Task is { } current && (block.Level > state.TaskDepth && state.TaskDepth >= 0 || state.TaskFromHeading || block.IsCheckbox && state.TaskDepth >= 0 && block.Level >= state.TaskDepth))
        {
            if (!(state.TaskFromHeading && SowEstimates.Find(block.Text) is not null && block.Level <= 0 && !block.IsCheckbox))
            {
                current.Checklist.Add(block.Text.TrimEnd('.'));
                return;
            }
        }

        if (Statements(context, phase, block.Text, block.Span, heading: false) && SowEstimates.Find(block.Text) is null)
        {
            return;
        }

        if (Money().IsMatch(block.Text) && SowEstimates.Find(block.Text) is null)
        {
            return;
        }

        var task = NewTask(context, phase, block.Text, block.Span);
        state.Task = task;
        state.TaskDepth = block.Level;
        state.TaskFromHeading = false;
    }

    private static void TableRow(Context context, SowPhase? phase, SowBlock block, PhaseState? state)
    {
        var columns = state?.Table == block.Table ? state.Columns : null;
        if (state is not null && state.Table != block.Table)
        {
            state.Table = block.Table;
            state.Columns = columns = Header(block.Cells);
            if (columns is not null)
            {
                context.TablesRead.Add(block.Table);
                return;
            }
        }

        if (columns is null || !columns.ContainsKey("task"))
        {
            if (phase is not null && block.Cells.Count >= 2 && block.Cells.Skip(1).Any(c => SowEstimates.Find(c) is not null) && !Money().IsMatch(block.Text))
            {
                var task = NewTask(context, phase, block.Cells[0], block.Span);
                task.EstimateHours = block.Cells.Skip(1).Select(SowEstimates.Hours).FirstOrDefault(h => h is not null);
            }

            return;
        }

        string Cell(string name) => columns.TryGetValue(name, out var i) && i < block.Cells.Count ? block.Cells[i] : string.Empty;
        var target = phase;
        if (Cell("phase") is { Length: > 0 } phaseCell)
        {
            target = context.Proposal.Phases.FirstOrDefault(p => string.Equals(p.Name, PhaseName(phaseCell), StringComparison.OrdinalIgnoreCase));
            if (target is null)
            {
                target = new SowPhase { Name = PhaseName(phaseCell), Number = PhaseNumber(phaseCell), Source = block.Span };
                target.Number ??= context.Proposal.Phases.Count + 1;
                context.Proposal.Phases.Add(target);
            }
        }

        if (target is null || Cell("task") is not { Length: > 0 } title)
        {
            return;
        }

        // With an estimate column, durations in the title ("Hypercare for two weeks") stay in the title.
        var row = NewTask(context, target, title, block.Span, readEstimate: !columns.ContainsKey("estimate"));
        row.EstimateHours = CellHours(columns, Cell("estimate")) ?? row.EstimateHours;
        row.Owner = Cell("owner") is { Length: > 0 } owner ? owner : row.Owner;
        if (Cell("skills") is { Length: > 0 } skills)
        {
            row.Skills.AddRange(SplitList(skills));
            context.ExplicitSkills.Add(row);
        }

        if (Cell("checklist") is { Length: > 0 } checklist)
        {
            row.Checklist.AddRange(SplitList(checklist));
        }

        if (Cell("depends") is { Length: > 0 } depends)
        {
            AddDependencies(context, target, depends, block.Span);
        }

        if (state is not null)
        {
            state.Task = row;
            state.TaskDepth = -1;
        }
    }

    /// <summary>Tables outside any phase: a task list with a phase column makes the phases itself.</summary>
    private static void ReadLooseTables(Context context, Section section)
    {
        if (section.Kind is Kind.Payment or Kind.Skills or Kind.Assumptions or Kind.Exclusions)
        {
            return;
        }

        var state = new PhaseState(new SowPhase());
        foreach (var block in section.Body.Where(b => b.Kind == SowBlockKind.TableRow))
        {
            if (state.Table != block.Table)
            {
                var header = Header(block.Cells);
                state.Table = block.Table;
                state.Columns = header is not null && header.ContainsKey("phase") && header.ContainsKey("task") ? header : null;
                continue;
            }

            if (state.Columns is not null)
            {
                context.TablesRead.Add(block.Table);
                TableRow(context, null, block, state);
            }
        }
    }

    /// <summary>A SOW with no phase headings: its task list becomes one phase named after the section that holds it.</summary>
    private static void ReadSinglePhase(Context context, List<Section> sections)
    {
        var holder = sections.FirstOrDefault(s => s.Kind is Kind.Container or Kind.Other && s.Body.Any(b => b.Kind is SowBlockKind.ListItem or SowBlockKind.TableRow && SowEstimates.Find(b.Text) is not null));
        if (holder is null)
        {
            return;
        }

        var phase = new SowPhase { Name = PhaseName(holder.Title), Number = 1, Source = holder.Heading!.Span };
        context.Proposal.Phases.Add(phase);
        ReadBody(context, phase, holder.Body, new PhaseState(phase));
    }

    private static Dictionary<string, int>? Header(IReadOnlyList<string> cells)
    {
        var columns = new Dictionary<string, int>();
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i].ToLowerInvariant();
            var name = c switch
            {
                _ when Pattern9().IsMatch(c) => "skills",
                _ when Pattern10().IsMatch(c) => "depends",
                _ when Pattern11().IsMatch(c) => "checklist",
                _ when Pattern12().IsMatch(c) => "phase",
                _ when Pattern13().IsMatch(c) => "estimate",
                _ when Pattern14().IsMatch(c) => "owner",
                _ when Pattern15().IsMatch(c) => "task",
                _ => null,
            };
            if (name is not null && columns.TryAdd(name, i) && name == "estimate")
            {
                // "Effort (days)": the unit of bare numbers in the column, kept as hours per unit.
                columns[HoursPerUnit] = c.Contains("week", StringComparison.Ordinal) ? (int)(SowEstimates.HoursPerDay * SowEstimates.DaysPerWeek)
                    : c.Contains("day", StringComparison.Ordinal) || c.Contains("pd", StringComparison.Ordinal) ? (int)SowEstimates.HoursPerDay
                    : HourUnit().IsMatch(c) ? 1 : 0;
            }
        }

        return columns.Keys.Count(k => k != HoursPerUnit) >= 2 && (columns.ContainsKey("task") || columns.ContainsKey("estimate")) ? columns : null;
    }

    private const string HoursPerUnit = "hours per unit";

    /// <summary>An estimate cell: "2 days", or a bare "2" in a column whose header gives the unit.</summary>
    private static decimal? CellHours(Dictionary<string, int> columns, string cell)
    {
        if (SowEstimates.Hours(cell) is { } hours)
        {
            return hours;
        }

        return columns.GetValueOrDefault(HoursPerUnit) is > 0 and var perUnit && decimal.TryParse(cell.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var units) && units > 0
            ? units * perUnit
            : null;
    }

    private static SowTask NewTask(Context context, SowPhase phase, string text, SourceSpan span, bool readEstimate = true)
    {
        var task = new SowTask { Source = span };
        if (InlineSkills().Match(text) is { Success: true } skills)
        {
            task.Skills.AddRange(SplitList(skills.Groups["list"].Value));
            context.ExplicitSkills.Add(task);
            text = text.Remove(skills.Index, skills.Length);
        }

        if (InlineOwner().Match(text) is { Success: true } owner)
        {
            task.Owner = owner.Groups["name"].Value.Trim();
            text = text.Remove(owner.Index, owner.Length);
        }

        if (readEstimate && SowEstimates.Find(text) is { } estimate)
        {
            context.TitleEstimates[task] = text;
            task.EstimateHours = estimate.Hours;
            text = RemoveEstimate(text, estimate);
        }

        task.Title = CleanTitle(text);
        if (SignOffTask().IsMatch(task.Title))
        {
            phase.SignOff = true;
            phase.SignOffSource = span;
        }

        phase.Tasks.Add(task);
        return task;
    }

    private static string CleanTitle(string text) => SowText.Capitalize(TitleTrim(ActorLead().Replace(text.TrimStart(), string.Empty)));

    private static string RemoveEstimate(string text, SowEstimates.Found estimate)
    {
        var before = text[..estimate.Index];
        var after = text[(estimate.Index + estimate.Length)..];
        before = EstimateLead().Replace(before, string.Empty);
        after = EstimateTail().Replace(after, string.Empty);
        return before + " " + after;
    }

    private static string TitleTrim(string text)
    {
        text = Pattern16().Replace(text, " ");
        text = Pattern17().Replace(text, " ");
        return text.Trim().Trim('-', '–', '—', ':', ';', ',', '.', ' ', '|', '(', ')').Trim();
    }

    /// <summary>A task title from a sentence of prose: "We will then migrate the file shares (3 days)." → "Migrate the file shares".</summary>
    private static string ProseTitle(string sentence)
    {
        var estimate = SowEstimates.Find(sentence)!;
        var text = RemoveEstimate(sentence, estimate);
        text = ProseLead().Replace(text.Trim(), string.Empty);
        text = ProseLead().Replace(text.Trim(), string.Empty);
        var cut = ProseCut().Match(text);
        if (cut.Success && cut.Index > 10)
        {
            text = text[..cut.Index];
        }

        text = TitleTrim(text);
        return text.Split(' ').Length > 24 ? string.Empty : SowText.Capitalize(text);
    }

    /// <summary>Reads dependency and sign-off language about <paramref name="phase"/>; true when the text was such a statement.</summary>
    private static bool Statements(Context context, SowPhase phase, string text, SourceSpan span, bool heading)
    {
        var found = false;
        var rest = text;
        foreach (Match match in Dependency().Matches(text))
        {
            var references = ResolvePhases(context, match.Groups["ref"].Value, phase);
            if (references.Count == 0)
            {
                continue;
            }

            found = true;
            foreach (var other in references)
            {
                Depend(phase, other, span);
                if (Pattern18().IsMatch(match.Value))
                {
                    other.SignOff = true;
                    other.SignOffSource = span;
                }
            }

            rest = rest.Replace(match.Value, " ", StringComparison.Ordinal);
        }

        if (!heading && SignOff().IsMatch(rest) && !Pattern19().IsMatch(rest))
        {
            phase.SignOff = true;
            phase.SignOffSource = span;
            found = true;
        }

        return found;
    }

    private static void Depend(SowPhase phase, SowPhase other, SourceSpan span)
    {
        if (!phase.DependsOn.Contains(other.Name))
        {
            phase.DependsOn.Add(other.Name);
            phase.DependencySources.Add(span);
        }
    }

    private static void AddDependencies(Context context, SowPhase phase, string text, SourceSpan span)
    {
        foreach (var other in ResolvePhases(context, text, phase))
        {
            Depend(phase, other, span);
        }
    }

    /// <summary>"Phase 3 requires Phase 2", "Migration cannot start until Discovery is signed off".</summary>
    private static void DependencyStatements(Context context, string text, SourceSpan span)
    {
        foreach (var (sentence, sentenceSpan) in Sentences(text, span))
        {
            var match = Dependency().Match(sentence);
            if (!match.Success || match.Index == 0)
            {
                continue;
            }

            var subjects = ResolvePhases(context, sentence[..match.Index], null);
            if (subjects.Count != 1)
            {
                continue;
            }

            Statements(context, subjects[0], sentence[match.Index..], sentenceSpan, heading: false);
        }
    }

    private static void Acceptance(Context context, string text, SourceSpan span)
    {
        foreach (var (sentence, sentenceSpan) in Sentences(text, span))
        {
            if (!SignOff().IsMatch(sentence) && !Pattern20().IsMatch(sentence))
            {
                continue;
            }

            var targets = Pattern21().IsMatch(sentence)
                ? context.Proposal.Phases.ToList()
                : ResolvePhases(context, sentence, null);
            foreach (var phase in targets)
            {
                phase.SignOff = true;
                phase.SignOffSource = sentenceSpan;
            }
        }
    }

    /// <summary>Phases a phrase names: "Phase 2", "Phases 1 and 2", "stage II", or a phase's name ("the Discovery phase").</summary>
    private static List<SowPhase> ResolvePhases(Context context, string text, SowPhase? from)
    {
        var phases = context.Proposal.Phases;
        var limit = from is null ? phases.Count : phases.IndexOf(from);
        var candidates = phases.Take(limit < 0 ? phases.Count : limit).ToList();
        var found = new List<SowPhase>();
        foreach (Match match in PhaseNumbers().Matches(text))
        {
            // "Phase 2" names any kind of phase; "WP2" or "Milestone 2" only a phase the SOW itself calls so.
            var family = Family(match.Groups["word"].Value);
            foreach (Match number in Pattern22().Matches(match.Groups["numbers"].Value))
            {
                var n = ParseNumber(number.Value);
                if (candidates.FirstOrDefault(p => p.Number == n && (family is null || family == Family(p.Name))) is { } phase && !found.Contains(phase))
                {
                    found.Add(phase);
                }
            }
        }

        if (found.Count > 0)
        {
            return found;
        }

        var reference = Pattern23().Replace(text, " ");
        var best = candidates
            .Select(p => (Phase: p, Score: SowText.Coverage(NameOnly(p.Name), reference)))
            .Where(x => x.Score >= 0.99)
            .OrderByDescending(x => x.Score)
            .ThenByDescending(x => SowText.Similarity(NameOnly(x.Phase.Name), reference))
            .FirstOrDefault();
        return best.Phase is null ? [] : [best.Phase];
    }

    /// <summary>The kind of numbered unit a word names; null for the generic "phase" and "stage".</summary>
    private static string? Family(string text)
    {
        var word = PhaseTitle().Match(text) is { Success: true } title ? title.Groups["word"].Value : text;
        word = word.ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('s', '.');
        return word switch
        {
            "" or "phase" or "stage" or "ph" => null,
            "wp" or "workpackage" => "wp",
            _ => word,
        };
    }

    private static string NameOnly(string phaseName) => PhasePrefix().Replace(phaseName, string.Empty);

    private static void Milestones(Context context, List<Section> sections)
    {
        var phases = context.Proposal.Phases;
        if (phases.Count == 0)
        {
            return;
        }

        foreach (var section in sections)
        {
            var inPayment = section.Kind == Kind.Payment || section.Ancestors().Any(a => a.Kind == Kind.Payment);
            var owner = context.PhaseOf.FirstOrDefault(p => p.Key == section || section.Ancestors().Contains(p.Key)).Value;
            Dictionary<string, int>? columns = null;
            var table = 0;
            foreach (var block in section.Body)
            {
                if (block.Kind == SowBlockKind.TableRow)
                {
                    if (block.Table != table)
                    {
                        table = block.Table;
                        columns = null;
                        if (!block.Cells.Any(c => Value().IsMatch(c)))
                        {
                            columns = [];
                            continue;
                        }
                    }

                    if (inPayment || columns is not null && Pattern24().IsMatch(block.Text))
                    {
                        MilestoneRow(context, block, owner);
                    }

                    continue;
                }

                if (!inPayment && !Pattern25().IsMatch(block.Text))
                {
                    continue;
                }

                foreach (var (clause, value, span) in Clauses(block.Text, block.Span))
                {
                    Milestone(context, clause, value, span, owner, null);
                }
            }
        }
    }

    private static void MilestoneRow(Context context, SowBlock block, SowPhase? owner)
    {
        var valueCell = block.Cells.LastOrDefault(c => Value().IsMatch(c));
        if (valueCell is null)
        {
            return;
        }

        var value = Value().Match(valueCell);
        var name = block.Cells.FirstOrDefault(c => !Value().IsMatch(c) && c.Any(char.IsLetter)) ?? valueCell;
        var clause = string.Join(" ", block.Cells.Where(c => c != valueCell));
        Milestone(context, clause, value, block.Span, owner, name);
    }

    private static void Milestone(Context context, string clause, Match value, SourceSpan span, SowPhase? owner, string? name)
    {
        var (percent, amount) = ParseValue(value);
        if (percent is null && amount is null)
        {
            return;
        }

        var text = clause.Replace(value.Value, " ", StringComparison.Ordinal);
        if (Deposit().IsMatch(text) && !PhaseNumbers().IsMatch(text))
        {
            context.Proposal.Deposit ??= new SowMilestone(MilestoneName(name, text), percent, amount, span);
            return;
        }

        var target = ResolvePhases(context, text, null).FirstOrDefault();
        if (target is null && FinalMilestone().IsMatch(text))
        {
            target = context.Proposal.Phases.LastOrDefault(p => FinalMilestone().IsMatch(p.Name)) ?? context.Proposal.Phases[^1];
        }

        target ??= owner;
        if (target is null || target.Milestone is not null)
        {
            return;
        }

        target.Milestone = new SowMilestone(MilestoneName(name, text), percent, amount, span);
        if (SignOff().IsMatch(text) || Pattern20().IsMatch(text))
        {
            target.SignOff = true;
            target.SignOffSource = span;
        }
    }

    private static string MilestoneName(string? name, string clause)
    {
        if (name is not null)
        {
            return TitleTrim(Pattern26().Replace(name, " "));
        }

        if (Pattern27().Match(clause) is { Success: true } named)
        {
            return TitleTrim(named.Groups["name"].Value);
        }

        var text = Pattern28().Replace(clause, " ");
        text = TitleTrim(text.Replace(" and ", " ", StringComparison.OrdinalIgnoreCase));
        return SowText.Capitalize(text.Length > 80 ? text[..80].Trim() : text);
    }

    /// <summary>Splits "30% on signature, 40% on completion of Phase 2 and 30% at go-live" into one clause per value.</summary>
    private static IEnumerable<(string Clause, Match Value, SourceSpan Span)> Clauses(string text, SourceSpan span)
    {
        var values = Value().Matches(text).Where(v => !Pattern29().IsMatch(text[Math.Min(text.Length, v.Index + v.Length)..])).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            var start = i == 0 ? 0 : values[i - 1].Index + values[i - 1].Length;
            var end = i + 1 < values.Count ? values[i + 1].Index : text.Length;
            var before = text[start..values[i].Index];
            var after = text[(values[i].Index + values[i].Length)..end];

            // "30% on signature" reads forwards; "On signature: 30%" reads backwards.
            var forward = Pattern30().IsMatch(after) && !Pattern31().IsMatch(before);
            var clause = forward ? after : before + " " + after;
            clause = Pattern32().Replace(clause, string.Empty);
            clause = Pattern33().Replace(clause, string.Empty);
            if (forward && SentenceEnd().Match(clause) is { Success: true, Index: > 0 } sentenceEnd)
            {
                clause = clause[..sentenceEnd.Index];
            }

            yield return (values[i].Value + " " + clause, values[i], new SourceSpan(span.Start + (forward ? values[i].Index : start), Math.Min(span.Length - (forward ? values[i].Index : start), (forward ? values[i].Length + clause.Length : end - start))));
        }
    }

    private static (decimal? Percent, decimal? Amount) ParseValue(Match value)
    {
        if (value.Groups["percent"].Success)
        {
            var percent = decimal.Parse(value.Groups["percent"].Value, CultureInfo.InvariantCulture) / 100m;
            return percent is > 0 and <= 1 ? (percent, null) : (null, null);
        }

        var amount = value.Groups["amount"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
        var parsed = decimal.Parse(amount, CultureInfo.InvariantCulture);
        if (value.Groups["k"].Success && value.Groups["k"].Value.Length > 0)
        {
            parsed *= 1000m;
        }

        return parsed > 0 ? (null, MoneyRound(parsed)) : (null, null);
    }

    private static decimal MoneyRound(decimal amount) => Common.MoneyMath.Round2(amount);

    private static void Skills(Context context)
    {
        var global = context.GlobalSkills.Where(s => s.Length is > 1 and < 40).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(s => (Name: s, Pattern: new Regex($@"(?<!\w){Regex.Escape(s)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))).ToList();
        foreach (var phase in context.Proposal.Phases)
        {
            var phaseSkills = context.PhaseSkills.GetValueOrDefault(phase) ?? [];
            foreach (var task in phase.Tasks)
            {
                if (!context.ExplicitSkills.Contains(task))
                {
                    task.Skills.AddRange(phaseSkills);
                    task.Skills.AddRange(global.Where(s => s.Pattern.IsMatch(task.Title)).Select(s => s.Name));
                }

                task.Skills = task.Skills.Select(s => s.Trim().TrimEnd('.')).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            }
        }
    }

    private static void Notes(Section section, List<SowNote> notes)
    {
        foreach (var block in section.All())
        {
            if (block.Kind == SowBlockKind.Heading || block.Text.EndsWith(':'))
            {
                continue;
            }

            if (block.Kind == SowBlockKind.Paragraph)
            {
                notes.AddRange(Sentences(block.Text, block.Span).Select(s => new SowNote(s.Text.TrimEnd('.'), s.Span)));
            }
            else
            {
                notes.Add(new SowNote(block.Text.TrimEnd('.'), block.Span));
            }
        }
    }

    private static string SkillName(SowBlock block)
    {
        var text = block.Kind == SowBlockKind.TableRow ? block.Cells[0] : block.Text;
        if (Pattern34().IsMatch(text) && block.Kind == SowBlockKind.TableRow)
        {
            return string.Empty;
        }

        var cut = Pattern35().Match(text);
        return (cut.Success ? text[..cut.Index] : text).Trim().TrimEnd('.');
    }

    private static List<string> SplitList(string text) =>
        Pattern36().Split(text).Select(s => s.Trim().TrimEnd('.', ')').TrimStart('(')).Where(s => s.Length > 0).ToList();

    private static Mode? LabelMode(string text)
    {
        if (!text.EndsWith(':') || text.Split(' ').Length > 12)
        {
            return null;
        }

        var t = text.ToLowerInvariant();
        return t switch
        {
            _ when Pattern37().IsMatch(t) => Mode.Gate,
            _ when Pattern1().IsMatch(t) => Mode.Assumptions,
            _ when Pattern38().IsMatch(t) => Mode.Exclusions,
            _ when Pattern39().IsMatch(t) => Mode.Skip,
            _ when Pattern40().IsMatch(t) => Mode.Skills,
            _ when Pattern41().IsMatch(t) => Mode.Tasks,
            _ => null,
        };
    }

    private static IEnumerable<(string Text, SourceSpan Span)> Sentences(string text, SourceSpan span)
    {
        var start = 0;
        foreach (Match end in SentenceEnd().Matches(text))
        {
            var length = end.Index + 1 - start;
            var sentence = text.Substring(start, length).Trim();
            if (sentence.Length > 0)
            {
                yield return (sentence, new SourceSpan(span.Start + start, length));
            }

            start = end.Index + end.Length;
        }

        if (start < text.Length && text[start..].Trim() is { Length: > 0 } last)
        {
            yield return (last, new SourceSpan(span.Start + start, text.Length - start));
        }
    }

    private static string PhaseName(string title)
    {
        var name = DependencyAside().Replace(title, string.Empty);
        if (SowEstimates.Find(name) is { } estimate)
        {
            name = RemoveEstimate(name, estimate);
        }

        return TitleTrim(name);
    }

    private static int? PhaseNumber(string title) =>
        PhaseTitle().Match(title) is { Success: true } match ? ParseNumber(match.Groups["n"].Value) : null;

    private static int? ParseNumber(string text) =>
        int.TryParse(text, out var n) ? n : text.ToUpperInvariant() switch
        {
            "I" => 1,
            "II" => 2,
            "III" => 3,
            "IV" => 4,
            "V" => 5,
            "VI" => 6,
            "VII" => 7,
            "VIII" => 8,
            _ when text.Length == 1 && text[0] is >= 'A' and <= 'H' => text[0] - 'A' + 1,
            _ => null,
        };

    /// <summary>Words that number a unit of work: "Phase 2", "Stage B", "WP3", "Milestone 1", "Sprint 4".</summary>
    private const string PhaseWord = @"(?<word>phases?|stages?|ph\.?|waves?|workstreams?|work\s*packages?|wps?|milestones?|sprints?|iterations?|releases?)";

    /// <summary>A phase's number: digits, a Roman numeral or a capital letter ("Stage A").</summary>
    private const string PhaseNumberPattern = @"(?:\d+|[IVX]+\b|(?-i:[A-H])\b)";

    [GeneratedRegex(@"^" + PhaseWord + @"\s*(?<n>" + PhaseNumberPattern + @")(?!\.\d)", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseTitle();

    [GeneratedRegex(@"^" + PhaseWord + @"\s*" + PhaseNumberPattern + @"\s*[:.\-–—·]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PhasePrefix();

    [GeneratedRegex(@"\b" + PhaseWord + @"\s*(?<numbers>" + PhaseNumberPattern + @"(?:\s*(?:,|and|&|or|to)\s*" + PhaseNumberPattern + @")*)", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseNumbers();

    [GeneratedRegex(@"\b(?:starts?|begins?|commences?|can (?:only )?(?:start|begin)|runs?|follows)?\s*(?:only\s+)?(?:after|following|follows|once|requires?|required|depends? (?:up)?on|dependent (?:up)?on|dependency on|prerequisites?:?|subject to|(?:cannot|can't|will not|won't|shall not|may not) (?:start|begin|commence) (?:until|before)|not before|until|(?<=\b(?:starts?|begins?|commences?|start|begin|commence)\s+(?:only\s+)?)(?:when|upon|on))\s+(?:the\s+)?(?:(?:(?:client|customer)(?:['’]s)?\s+)?(?:(?:successful|formal|written|final|client)\s+)*(?:completion|sign-?off|signoff|acceptance|approval|delivery|close|closure|end|handover)\s+(?:of\s+)?(?:the\s+)?)?(?:(?<ref>" + PhaseWord + @"\s*" + PhaseNumberPattern + @"(?:\s*(?:,|and|&|or)\s*" + PhaseNumberPattern + @")*)|(?<ref>[\p{L}][\p{L}\s&/-]{2,60}?)(?<tail>\s+(?:phase|stage))?(?=\s+(?:is|are|has|have|been|and the|complete|finish|sign)\b|[.,;:()]|$))(?<tail>\s+(?:is|are|has|have)(?:\s+been)?\s+(?:complete[d]?|finished|done|signed[- ]?off|approved|accepted|delivered))?", RegexOptions.IgnoreCase)]
    private static partial Regex Dependency();

    [GeneratedRegex(@"\((?=[^)]*\b(?:after|requires?|following|depends|prerequisite)\b)[^)]*\)|\s[–—-]\s*(?:after|requires?|following|depends on)\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex DependencyAside();

    [GeneratedRegex(@"\bsign(?:ed)?[- ]?off\b|\bsignoff\b|(?:client|customer)(?:'s)?\s+(?:written\s+|formal\s+)?(?:acceptance|approval|sign)|(?:written|formal)\s+(?:acceptance|approval)|acceptance certificate|\b(?:client|customer) (?:will |must |shall )?(?:accept|approve)s?\b|\bapproved by the (?:client|customer)|\bconfirms?\s+(?:its\s+|their\s+)?(?:acceptance|approval|sign-?off)", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"sign[- ]?off|acceptance (?:received|obtained|signed)|client (?:acceptance|approval)", RegexOptions.IgnoreCase)]
    private static partial Regex SignOffTask();

    [GeneratedRegex(@"(?<percent>\d{1,3}(?:\.\d+)?)\s*%|(?:[$£€]|\b(?:USD|EUR|GBP|AUD|CAD)\s?)\s?(?<amount>\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?<k>k)?\b|\b(?<amount>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s?(?:USD|EUR|GBP)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Value();

    [GeneratedRegex(@"\d\s*%|[$£€]\s?\d|\b(?:USD|EUR|GBP)\s?\d", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"signature|signing|sign the|contract execution|purchase order|\bPO\b|kick-?off|mobili[sz]ation|deposit|up-?front|in advance|commencement|project start|start of (the )?project|on acceptance of (this|the) (sow|statement|proposal|quote)|booking", RegexOptions.IgnoreCase)]
    private static partial Regex Deposit();

    [GeneratedRegex(@"go-?live|final|project (?:completion|close|closure)|completion of the project|handover|hand-over|closure|close-?out|project end", RegexOptions.IgnoreCase)]
    private static partial Regex FinalMilestone();

    [GeneratedRegex(@"^(?<name>estimated? effort|estimate|effort|duration|owner|responsible|skills?(?: required)?|checklist|to-?dos?|done when)\s*:\s*(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex(@"^(?:required\s+)?skills?(?:\s+required|\s+needed)?(?:\s+for this phase)?\s*:\s*(?<list>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseSkills();

    [GeneratedRegex(@"\b(?:required|key|needed)\s+skills\s*(?:are|include|:)\s*(?<list>[^.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredSkills();

    [GeneratedRegex(@"[\(\[]\s*skills?\s*:\s*(?<list>[^\)\]]+)[\)\]]|[;,]?\s*skills?\s*:\s*(?<list>[^;()]+?)\s*(?=$|;|\()", RegexOptions.IgnoreCase)]
    private static partial Regex InlineSkills();

    [GeneratedRegex(@"[\(\[]\s*(?:owner|responsible|lead)\s*:\s*(?<name>[^\)\]]+)[\)\]]|[;,]?\s*(?:owner|responsible)\s*:\s*(?<name>[^;()]+?)\s*(?=$|;|\()", RegexOptions.IgnoreCase)]
    private static partial Regex InlineOwner();

    [GeneratedRegex(@"(?:[\(\[]\s*)?(?:(?:est(?:imated?)?\.?|approx(?:imately|\.)?|about|around|roughly|circa|c\.|~|effort|estimate|time)\s*){0,3}(?:at|of|:)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EstimateLead();

    [GeneratedRegex(@"^\s*(?:of (?:effort|engineering|work|consultancy)|effort|estimated|each|in total|total)?\s*[\)\]]?", RegexOptions.IgnoreCase)]
    private static partial Regex EstimateTail();

    [GeneratedRegex(@"^(?:(?:first|firstly|next|then|after that|afterwards|finally|lastly|also|in parallel|in addition|additionally|subsequently|thereafter|second|secondly|third)\s*,?\s*|(?:we|our (?:team|engineers?|consultants?)|the (?:consultant|engineer|team|provider|supplier|vendor|contractor)s?|[A-Z][a-zA-Z]+ (?:IT|Tech|Solutions|Services))\s+(?:will|shall|are going to|plan to|intend to)\s+(?:then\s+|also\s+|first\s+|next\s+)?|(?:this|the) phase (?:includes|covers|involves|starts with|begins with|ends with)\s+|(?:there will be|there is)\s+|it (?:includes|covers)\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex ProseLead();

    [GeneratedRegex(@",\s*(?:which|taking|expected|requiring|estimated|budgeted|allowing|so that|to ensure)|\s(?:which (?:will|should) take|expected to take|taking about|budgeted at|for an estimated|estimated at)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ProseCut();

    [GeneratedRegex(@"\bnotice\b|lead time|in advance|prior to|warranty|within \d|response time|uptime|business hours|working hours|office hours|hours of (?:business|operation)", RegexOptions.IgnoreCase)]
    private static partial Regex NotEffort();

    [GeneratedRegex(@"(?<=[a-z0-9\)])[.!?](?=\s+[A-Z(]|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+[·|•]\s+|\s*;\s*(?=[A-Za-z -]{2,20}:)")]
    private static partial Regex FieldSeparator();

    [GeneratedRegex(@"\bh(?:ou)?rs?\b|\bh\b|hours")]
    private static partial Regex HourUnit();

    [GeneratedRegex(@"^(?:the\s+)?(?:supplier|contractor|provider|vendor|consultants?|engineers?|we|our (?:team|engineers?|consultants?))\s+(?:shall|will|is to|are to)\s+(?:also\s+|then\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ActorLead();

    [GeneratedRegex(@"\bassum|(?:client|customer)(?:'s|’s)? (?:responsibilit|obligation)")]
    private static partial Regex Pattern1();

    [GeneratedRegex(@"exclu|out of scope|not in scope|not included|outside (the )?scope")]
    private static partial Regex Pattern2();

    [GeneratedRegex(@"payment|fees?\b|billing|invoic|pricing|price|commercial|charges|milestone|money|investment")]
    private static partial Regex Pattern3();

    [GeneratedRegex(@"accept|sign-?off|approval")]
    private static partial Regex Pattern4();

    [GeneratedRegex(@"skill|staffing|resourc|roles|team\b|personnel")]
    private static partial Regex Pattern5();

    [GeneratedRegex(@"^dependenc|prerequisite|sequenc|order of work")]
    private static partial Regex Pattern6();

    [GeneratedRegex(@"scope of (work|services)|work breakdown|\bphases\b|approach|methodology|deliver(y|ables) plan|project plan|services|activities|work plan|plan of work|statement of work|\bscope\b|implementation plan|schedule of work")]
    private static partial Regex Pattern7();

    [GeneratedRegex(@"introduc|overview|background|objective|purpose|parties|term\b|terms|confidential|signature|contact|governance|change (request|control|management)|glossary|definition|summary|reporting|communication|risk|warrant|liabil|general|contents")]
    private static partial Regex Pattern8();

    [GeneratedRegex(@"skill")]
    private static partial Regex Pattern9();

    [GeneratedRegex(@"depend|predecessor|prerequisite|requires")]
    private static partial Regex Pattern10();

    [GeneratedRegex(@"check|to-?do|done when|criteria")]
    private static partial Regex Pattern11();

    [GeneratedRegex(@"^(phase|stage|workstream|wave)")]
    private static partial Regex Pattern12();

    [GeneratedRegex(@"estimate|effort|hours|days|duration|\btime\b")]
    private static partial Regex Pattern13();

    [GeneratedRegex(@"owner|resource|responsib|assignee|\bwho\b|\brole")]
    private static partial Regex Pattern14();

    [GeneratedRegex(@"task|activit|work item|deliverable|description|\bitem\b|\bwork\b")]
    private static partial Regex Pattern15();

    [GeneratedRegex(@"\(\s*\)|\[\s*\]")]
    private static partial Regex Pattern16();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Pattern17();

    [GeneratedRegex(@"sign|accept|approv", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern18();

    [GeneratedRegex(@"acceptance test|\bUAT\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern19();

    [GeneratedRegex(@"\baccept|approv", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern20();

    [GeneratedRegex(@"\b(each|every|all)\s+(of the\s+)?(phase|stage)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern21();

    [GeneratedRegex(@"\d+|\b[IVX]+\b|\b[A-H]\b")]
    private static partial Regex Pattern22();

    [GeneratedRegex(@"\b(the|this|that|phase|stage|is|are|has|have|been|complete[ds]?|signed off|signed|approved|accepted|finished|done)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern23();

    [GeneratedRegex(@"invoice|payment|milestone|fee", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern24();

    [GeneratedRegex(@"invoic|payment|payable|\bpaid\b|\bpay\b|billed|\bbill\b|\bfees?\b|milestone", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern25();

    [GeneratedRegex(@"\s*\([^)]*\)?")]
    private static partial Regex Pattern26();

    [GeneratedRegex(@"milestone\s*(?:M?\d+)?\s*[:\-–—]\s*(?<name>[^.;,—–(]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern27();

    [GeneratedRegex(@"\b(of the (total |contract |project )?(fee|fees|price|value|contract value|total)|is (due|payable|invoiced)|will be (invoiced|billed|paid)|payable|invoiced|due|billed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern28();

    [GeneratedRegex(@"^\s*(uptime|availability|of (the )?(users|mailboxes|devices|staff))", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern29();

    [GeneratedRegex(@"^\W*(on|upon|at|after|when|following|due|payable|of|is|will|invoiced|billed|\()", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern30();

    [GeneratedRegex(@"(on|upon|at|after)\s[^,;.%]*[:\-–—]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern31();

    [GeneratedRegex(@"^[\s,;:.]*(and|&)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern32();

    [GeneratedRegex(@"(?:[\s,;]+(?:and|&|with|plus)?\s*(?:the\s+)?(?:remaining|balance|final|last|rest|a further|another)?\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern33();

    [GeneratedRegex(@"^(skill|role|resource)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern34();

    [GeneratedRegex(@"\s[–—-]\s|:|\(|,")]
    private static partial Regex Pattern35();

    [GeneratedRegex(@"\s*(?:,|;|/|\band\b|&)\s*")]
    private static partial Regex Pattern36();

    [GeneratedRegex(@"check ?list|exit criteria|gate|before .* (close|complete)|completion criteria|definition of done")]
    private static partial Regex Pattern37();

    [GeneratedRegex(@"exclu|out of scope|not included")]
    private static partial Regex Pattern38();

    [GeneratedRegex(@"deliverable|outputs?:|outcomes?:|objectives?:|notes?:|risks?:")]
    private static partial Regex Pattern39();

    [GeneratedRegex(@"skills?( required)?:|roles?:")]
    private static partial Regex Pattern40();

    [GeneratedRegex(@"task|activit|work (items|includes)|steps|we will|include|consist|scope")]
    private static partial Regex Pattern41();
}
