using System.Text.RegularExpressions;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Identity;

/// <summary>Emailed links come from configuration (<c>Psa:PublicUrl</c>), never from the request's Host header.</summary>
public sealed class PublicLinkTests : IDisposable
{
    private readonly PsaAppFactory _app = new() { Settings = { ["Psa:PublicUrl"] = "https://psa.example.test" } };

    [Fact]
    public async Task ResetLink_IgnoresAForgedHostPort_AndUsesThePublicUrl()
    {
        await _app.CreateTenantAsync("acme");
        var client = _app.ClientFor("acme");
        client.DefaultRequestHeaders.Host = "acme.localhost:6666";
        await PsaAppFactory.FormPostAsync(client, "/forgot-password", "forgot", new() { ["Input.Email"] = "owner@example.com" });

        var mail = _app.LastDeliveredMessage("acme");
        var link = Regex.Match(mail.Html, "href=\"([^\"]+reset-password[^\"]*)\"").Groups[1].Value;
        link.ShouldStartWith("https://acme.psa.example.test/reset-password?");
        mail.Html.ShouldNotContain("6666");
    }

    public void Dispose() => _app.Dispose();
}
