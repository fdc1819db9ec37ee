namespace Psa.Domain.Tenancy;

public enum TenantStatus
{
    Active = 0,
    Suspended = 1,
    Deleted = 2,

    /// <summary>Being created; not reachable until provisioning finishes.</summary>
    Provisioning = 3,
}
