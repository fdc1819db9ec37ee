using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Psa.Web.Auth;

/// <summary>
/// On a workspace host, a browser may hold a staff cookie, a portal cookie, or both (a staff member
/// previewing the portal). Both are read and their identities kept side by side; staff policies need
/// staff claims and portal policies need contact claims, so neither can stand in for the other.
/// Challenges go to the portal's sign-in under <c>/portal</c> and to staff sign-in elsewhere.
/// </summary>
public sealed class WorkspaceCookiesHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private bool IsPortalRequest => Request.Path.StartsWithSegments("/portal");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identities = new List<ClaimsIdentity>();
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, PsaSchemes.Portal })
        {
            var result = await Context.AuthenticateAsync(scheme);
            if (result.Succeeded)
            {
                identities.AddRange(result.Principal.Identities);
            }
        }

        return identities.Count == 0
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identities), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.ChallengeAsync(IsPortalRequest ? PsaSchemes.Portal : IdentityConstants.ApplicationScheme, properties);

    /// <summary>
    /// Signed in, but not as the kind of user this page is for (a contact on a staff page, or staff on
    /// the portal): send them to the right sign-in rather than a dead end.
    /// </summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (IsPortalRequest)
        {
            return Context.User.HasClaim(c => c.Type == PsaClaims.Contact)
                ? Context.ForbidAsync(PsaSchemes.Portal, properties)
                : Context.ChallengeAsync(PsaSchemes.Portal, properties);
        }

        return Context.User.HasClaim(c => c.Type == PsaClaims.Tenant)
            ? Context.ForbidAsync(IdentityConstants.ApplicationScheme, properties)
            : Context.ChallengeAsync(IdentityConstants.ApplicationScheme, properties);
    }
}
