namespace Psa.Web.Auth;

public static class PsaClaims
{
    /// <summary>The workspace a principal belongs to; checked against the request's workspace every time.</summary>
    public const string Tenant = "psa:tenant";

    public const string PlatformAdmin = "psa:platform-admin";

    public const string DisplayName = "psa:name";

    /// <summary>A client contact signed in to the portal (kept apart from staff claims on purpose).</summary>
    public const string Contact = "psa:contact";

    public const string PortalClient = "psa:portal-client";

    public const string PortalTenant = "psa:portal-tenant";

    public const string PortalAccount = "psa:portal-account";

    /// <summary>How the contact signed in: <c>password</c> or <c>sso</c>.</summary>
    public const string PortalMethod = "psa:portal-method";
}

public static class PsaSchemes
{
    public const string Selector = "psa";
    public const string Platform = "Platform";
    public const string ApiToken = "ApiToken";

    /// <summary>Client contacts' cookie on a workspace host.</summary>
    public const string Portal = "Portal";

    /// <summary>On a workspace host: the staff cookie and the portal cookie, read together.</summary>
    public const string WorkspaceCookies = "WorkspaceCookies";
}

public static class PsaPolicies
{
    public const string Staff = "Staff";
    public const string WorkspaceAdmin = "WorkspaceAdmin";
    public const string PlatformAdmin = "PlatformAdmin";

    /// <summary>The API: personal access tokens only, so a browser cookie can never be used for a cross-site call.</summary>
    public const string Api = "Api";

    public const string Contact = "Contact";
}
