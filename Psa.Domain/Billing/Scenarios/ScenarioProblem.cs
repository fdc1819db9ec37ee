namespace Psa.Domain.Billing.Scenarios;

/// <summary>One reason a scenario is rejected, located by its JSON path (e.g. <c>timeEntries[3].agreement</c>).</summary>
public sealed record ScenarioProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Either a valid <see cref="BillingInput"/> or every problem found in the scenario.</summary>
public sealed class ScenarioReadResult
{
    private ScenarioReadResult(BillingInput? input, IReadOnlyList<ScenarioProblem> problems)
    {
        Input = input;
        Problems = problems;
    }

    public BillingInput? Input { get; }

    public IReadOnlyList<ScenarioProblem> Problems { get; }

    public bool IsValid => Input is not null;

    public static ScenarioReadResult Valid(BillingInput input) => new(input ?? throw new ArgumentNullException(nameof(input)), []);

    public static ScenarioReadResult Invalid(IReadOnlyList<ScenarioProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("An invalid result needs at least one problem.", nameof(problems));
        }

        return new ScenarioReadResult(null, problems);
    }
}

/// <summary>Ids already stored in the workspace a document is imported into (agreement and project ids map to their client).</summary>
public sealed record ExistingData(
    IReadOnlySet<string> Clients,
    IReadOnlySet<string> WorkTypes,
    IReadOnlySet<string> Products,
    IReadOnlyDictionary<string, string?> AgreementClients,
    IReadOnlyDictionary<string, string?> ProjectClients);
