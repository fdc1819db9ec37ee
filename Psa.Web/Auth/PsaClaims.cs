namespace Psa.Web.Auth;

public static class PsaClaims
{
    /// <summary>The workspace a principal belongs to; checked against the request's workspace every time.</summary>
    public const string Tenant = "psa:tenant";

    public const string PlatformAdmin = "psa:platform-admin";

    public const string DisplayName = "psa:name";
}

public static class PsaSchemes
{
    public const string Selector = "psa";
    public const string Platform = "Platform";
    public const string ApiToken = "ApiToken";
}

public static class PsaPolicies
{
    public const string Staff = "Staff";
    public const string WorkspaceAdmin = "WorkspaceAdmin";
    public const string PlatformAdmin = "PlatformAdmin";

    /// <summary>The API: personal access tokens only, so a browser cookie can never be used for a cross-site call.</summary>
    public const string Api = "Api";
}
