using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Psa.Web.Hosting;

/// <summary>
/// The per-account limit on the account forms (sign-in, sign-up, password reset): the address limit slows one
/// client, this one slows many addresses guessing one account's password or flooding one inbox. The account is
/// the email typed into the form, within its workspace host.
/// </summary>
public sealed class AccountAttemptLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AccountAttemptLimits(IOptions<SignInLimitOptions> options)
    {
        var perMinute = options.Value.AttemptsPerAccountPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !PsaWebApp.IsAccountForm(context.Request.Path) || !context.Request.HasFormContentType)
        {
            await next(context);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = form["Input.Email"].ToString();
        if (string.IsNullOrWhiteSpace(email))
        {
            email = context.Request.Query["email"].ToString();
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            await next(context);
            return;
        }

        using var lease = _limiter.AttemptAcquire($"{context.Request.Path.Value}|{context.Request.Host.Host}|{email.Trim().ToUpperInvariant()}");
        if (!lease.IsAcquired)
        {
            await PsaWebApp.TooManyRequestsAsync(context, "Too many attempts for this account; retry in a minute.");
            return;
        }

        await next(context);
    }

    public void Dispose() => _limiter.Dispose();
}
