using Psa.Domain.Billing;

namespace Psa.Domain.Reconciliation;

/// <summary>What a service-line mapping maps from (a product names its own line on the product).</summary>
public enum ServiceLineSource
{
    AgreementType = 0,
    Project = 1,
    WorkType = 2,
}

/// <summary>A service line the workspace reports profit by ("Managed services", "Licensing", …).</summary>
public sealed class ServiceLineDefinition
{
    public const int MaxName = 60;

    private ServiceLineDefinition()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int Order { get; set; }

    /// <summary>The default line this one is (its <see cref="ServiceLines"/> name), so the built-in rules follow a rename.</summary>
    public string? BuiltIn { get; private set; }

    public static ServiceLineDefinition Create(string name, int order, string? builtIn = null) =>
        new() { Id = Guid.NewGuid(), Name = CheckName(name), Order = order, BuiltIn = builtIn };

    public void Rename(string name) => Name = CheckName(name);

    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainException("Give the service line a name.", "Service line");
        }

        if (trimmed.Length > MaxName)
        {
            throw new DomainException($"A service line name has at most {MaxName} characters.", "Service line");
        }

        return trimmed;
    }
}

/// <summary>Puts everything of one agreement type, project or work type on a service line.</summary>
public sealed class ServiceLineMapping
{
    private ServiceLineMapping()
    {
    }

    public Guid Id { get; private set; }

    public ServiceLineSource Source { get; private set; }

    /// <summary>The agreement type's name (<see cref="AgreementType"/>), the project's code or the work type's code.</summary>
    public string Key { get; private set; } = string.Empty;

    public string ServiceLine { get; set; } = string.Empty;

    public static ServiceLineMapping Create(ServiceLineSource source, string key, string serviceLine) =>
        new() { Id = Guid.NewGuid(), Source = source, Key = key.Trim(), ServiceLine = serviceLine };
}

/// <summary>
/// The workspace's service lines and mappings applied to revenue and time. A mapping wins over the
/// built-in rule of <see cref="ServiceLines"/>; time goes by its work type first, then its project,
/// then its agreement's type.
/// </summary>
public sealed class ServiceLineMap
{
    private readonly Dictionary<(ServiceLineSource, string), string> _mappings;
    private readonly IReadOnlyDictionary<string, string> _renamed;

    /// <param name="renamed">Default lines the workspace renamed: built-in name → its name now.</param>
    public ServiceLineMap(IEnumerable<string> lines, IEnumerable<(ServiceLineSource Source, string Key, string ServiceLine)> mappings, IReadOnlyDictionary<string, string>? renamed = null)
    {
        Lines = lines.ToList();
        _mappings = mappings.ToDictionary(m => (m.Source, m.Key), m => m.ServiceLine);
        _renamed = renamed ?? new Dictionary<string, string>();
    }

    /// <summary>A default line under the name the workspace gave it.</summary>
    public string Named(string builtIn) => _renamed.TryGetValue(builtIn, out var name) ? name : builtIn;

    /// <summary>Built-in rules only, over the default lines.</summary>
    public static ServiceLineMap Default { get; } = new(ServiceLines.Defaults, []);

    public IReadOnlyList<string> Lines { get; }

    public string OfAgreement(AgreementType type) =>
        _mappings.TryGetValue((ServiceLineSource.AgreementType, type.ToString()), out var line) ? line : Named(ServiceLines.OfAgreement(type));

    public string OfProject(string projectCode) =>
        _mappings.TryGetValue((ServiceLineSource.Project, projectCode), out var line) ? line : Named(ServiceLines.Projects);

    /// <summary>A time entry's line: its work type's mapping, else its project's, else its agreement type's, else break-fix.</summary>
    public string OfEntry(string? workType, string? projectCode, AgreementType? agreementType) =>
        workType is not null && _mappings.TryGetValue((ServiceLineSource.WorkType, workType), out var line) ? line
        : projectCode is not null ? OfProject(projectCode)
        : agreementType is { } type ? OfAgreement(type)
        : Named(ServiceLines.BreakFix);

    /// <summary>
    /// An invoice line's service line by its kind (BILLING.md §6): recurring lines by their product (a product may
    /// name its own line, e.g. Licensing), blocks and overage as prepaid, project kinds as projects, time by the
    /// agreement or project its section names; the workspace's mappings applied.
    /// </summary>
    public string OfLine(string kind, string item, string section, IReadOnlyDictionary<string, string> productLines,
        IReadOnlyDictionary<string, AgreementType> agreementTypes, IReadOnlySet<string> projectCodes) => kind switch
    {
        "recurring" => productLines.TryGetValue(item, out var line) ? line : MappedAgreement(section, agreementTypes) ?? Named(ServiceLines.ManagedServices),
        "block_purchase" or "overage" => MappedAgreement(section, agreementTypes) ?? Named(ServiceLines.PrepaidBlocks),
        "upfront" or "deposit" or "completion" or "milestone" => projectCodes.Contains(section) ? OfProject(section) : Named(ServiceLines.Projects),
        _ when projectCodes.Contains(section) => OfProject(section),
        _ when agreementTypes.TryGetValue(section, out var type) => OfAgreement(type),
        _ => Named(ServiceLines.BreakFix),
    };

    private string? MappedAgreement(string agreementCode, IReadOnlyDictionary<string, AgreementType> agreementTypes) =>
        agreementTypes.TryGetValue(agreementCode, out var type) && _mappings.TryGetValue((ServiceLineSource.AgreementType, type.ToString()), out var line) ? line : null;
}
