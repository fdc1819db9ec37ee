using System.Security.Claims;
using Psa.Domain;
using Psa.Domain.Common;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Api;

/// <summary>
/// Turns domain failures into RFC 7807 responses: field errors as a validation problem (400), a broken
/// named rule as 409 with the rule's name in <c>rule</c>.
/// </summary>
public sealed class DomainErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
        catch (BusinessRuleViolationException ex)
        {
            return TypedResults.Problem(title: "A delivery rule refused the change", detail: ex.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["rule"] = ex.Rule.GetType().Name, ["field"] = ex.Field });
        }
        catch (DomainException ex) when (ex.Field is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(title: "The request could not be completed", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    public static string Actor(ClaimsPrincipal user) => user.FindFirstValue(PsaClaims.DisplayName) ?? user.Identity?.Name ?? "api";
}
