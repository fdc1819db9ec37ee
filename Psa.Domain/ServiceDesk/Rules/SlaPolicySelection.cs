namespace Psa.Domain.ServiceDesk.Rules;

/// <summary>A ticket runs on its agreement's SLA policy, else on the workspace default.</summary>
public static class SlaPolicySelection
{
    public static SlaPolicy? For(IEnumerable<SlaPolicy> policies, Guid? agreementId)
    {
        var list = policies as IReadOnlyCollection<SlaPolicy> ?? policies.ToList();
        return (agreementId is { } id ? list.FirstOrDefault(p => p.AgreementId == id) : null)
            ?? list.FirstOrDefault(p => p.IsDefault);
    }
}
