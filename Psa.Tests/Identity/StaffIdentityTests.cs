using Psa.Domain;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Users;
using Shouldly;

namespace Psa.Tests.Identity;

public sealed class StaffIdentityTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _alpha = app.NewSlug("alpha");
    private readonly string _bravo = app.NewSlug("bravo");

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndSetsNoCookie()
    {
        await _app.CreateTenantAsync(_acme);
        var client = _app.ClientFor(_acme);
        var response = await PsaAppFactory.FormPostAsync(client, "/signin", "signin",
            new() { ["Input.Email"] = "owner@example.com", ["Input.Password"] = "Wrong-Password-1" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Email or password is incorrect.");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksTheAccount()
    {
        await _app.CreateTenantAsync(_acme);
        var client = _app.ClientFor(_acme);
        for (var i = 0; i < 5; i++)
        {
            await PsaAppFactory.FormPostAsync(client, "/signin", "signin",
                new() { ["Input.Email"] = "owner@example.com", ["Input.Password"] = "Wrong-Password-1" });
        }

        var response = await PsaAppFactory.FormPostAsync(client, "/signin", "signin",
            new() { ["Input.Email"] = "owner@example.com", ["Input.Password"] = TestData.Password });
        (await response.Content.ReadAsStringAsync()).ShouldContain("locked");
    }

    [Fact]
    public async Task SignedIn_DashboardIsServed_AndSignOutEndsTheSession()
    {
        await _app.CreateTenantAsync(_acme);
        var client = await _app.SignedInClientAsync(_acme, "owner@example.com");
        var page = await client.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Dashboard");

        var html = await client.GetStringAsync("/");
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\"(?: type=\"hidden\")? value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeEmpty();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
        var signOut = await client.PostAsync("/signout", form);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task CookieOfWorkspaceA_IsWorthlessOnWorkspaceB()
    {
        await _app.CreateTenantAsync(_alpha, "same@example.com");
        await _app.CreateTenantAsync(_bravo, "same@example.com");
        var alpha = await _app.SignedInClientAsync(_alpha, "same@example.com");
        var alphaCookie = (await alpha.GetAsync("/")).RequestMessage!.Headers.GetValues("Cookie").Single();

        var stolen = _app.ClientFor(_bravo);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings");
        request.Headers.Add("Cookie", alphaCookie);
        var response = await stolen.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task Engineer_CannotOpenWorkspaceSettings()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eve Engineer", "eve@example.com", TestData.Password, "Engineer");
        }

        var engineer = await _app.SignedInClientAsync(_acme, "eve@example.com");
        var denied = await engineer.GetAsync("/settings");
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.ToString().ShouldContain("/access-denied");
        (await engineer.GetStringAsync(denied.Headers.Location.ToString())).ShouldContain("Not allowed");
        var owner = await _app.SignedInClientAsync(_acme, "owner@example.com");
        (await owner.GetStringAsync("/settings")).ShouldContain("Business hours and rate tiers");
    }

    [Fact]
    public async Task Outbox_HoldsNoUsableToken_ResetAndInvitationLinksAreRedacted()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var client = _app.ClientFor(_acme);
        await PsaAppFactory.FormPostAsync(client, "/forgot-password", "forgot", new() { ["Input.Email"] = "owner@example.com" });
        var delivered = WebUtility.HtmlDecode(Regex.Match(_app.LastDeliveredMail(_acme), "code=([^&\"]+)").Groups[1].Value);
        delivered.Length.ShouldBeGreaterThan(20);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<StaffDirectory>()
                .InviteAsync("Bill Ing", "bill@example.com", "Billing", "Owner acme", new Uri($"http://{_acme}.localhost/"), tenant.OwnerUserId);
        }

        var invitationToken = Regex.Match(_app.LastDeliveredMail(_acme), "token=([^&\"]+)").Groups[1].Value;
        invitationToken.ShouldStartWith("inv_");

        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var stored = await db.Outbox.Select(m => m.HtmlBody).ToListAsync();
            stored.Count.ShouldBe(2);
            stored.ShouldAllBe(body => !body.Contains(delivered) && !body.Contains(invitationToken) && body.Contains("=redacted"));
        }

        // What an administrator can read in the Outbox does not reset the password.
        var reset = await PsaAppFactory.FormPostAsync(client, "/reset-password?email=owner%40example.com&code=redacted", "reset", new()
        {
            ["Input.Email"] = "owner@example.com",
            ["Input.Code"] = "redacted",
            ["Input.Password"] = "Brand-New-Pass-7",
        });
        reset.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        await _app.SignedInClientAsync(_acme, "owner@example.com");
        (await _app.ClientFor(_acme).GetStringAsync("/accept-invitation?token=redacted")).ShouldNotContain("You were invited as");
    }

    [Fact]
    public async Task RepeatedFailedSignIns_FromOneAddress_Get429WithRetryAfter()
    {
        // Its own host: the limit is a setting of the host.
        using var strict = new PsaAppFactory();
        strict.Settings["Psa:SignInLimit:AttemptsPerMinute"] = "3";
        await strict.CreateTenantAsync(_acme);
        var client = strict.ClientFor(_acme);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await PsaAppFactory.FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = $"nobody{attempt}@example.com", ["Input.Password"] = "Wrong-Password-1" });
            failed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await PsaAppFactory.FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = "owner@example.com", ["Input.Password"] = TestData.Password });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.ToString().ShouldBe("60");
        var forgot = await PsaAppFactory.FormPostAsync(client, "/forgot-password", "forgot", new() { ["Input.Email"] = "owner@example.com" });
        forgot.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RepeatedSignIns_ToOneAccount_Get429_WhileOtherAccountsStillSignIn()
    {
        // Its own host: the limit is a setting of the host; the address limit is left wide open.
        using var strict = new PsaAppFactory();
        strict.Settings["Psa:SignInLimit:AttemptsPerAccountPerMinute"] = "3";
        var tenant = await strict.CreateTenantAsync(_acme);
        await using (var scope = strict.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eve Engineer", "eve@example.com", TestData.Password, "Engineer");
        }

        var client = strict.ClientFor(_acme);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await PsaAppFactory.FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = "Owner@Example.com ", ["Input.Password"] = "Wrong-Password-1" });
            failed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await PsaAppFactory.FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = "owner@example.com", ["Input.Password"] = TestData.Password });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.ToString().ShouldBe("60");
        (await limited.Content.ReadAsStringAsync()).ShouldContain("this account");
        var eve = await PsaAppFactory.FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = "eve@example.com", ["Input.Password"] = TestData.Password });
        eve.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsAntiforgeryToken_IsRefused()
    {
        await _app.CreateTenantAsync(_acme);
        var client = await _app.SignedInClientAsync(_acme, "owner@example.com");
        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());
        (await client.PostAsync("/signout", empty)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/settings")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        await _app.CreateTenantAsync(_acme);
        var response = await _app.ClientFor(_acme).GetAsync("/signin");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'self'");
    }

    [Fact]
    public async Task PasswordReset_MailsALink_ThatSetsANewPassword()
    {
        await _app.CreateTenantAsync(_acme);
        var client = _app.ClientFor(_acme);
        var sent = await PsaAppFactory.FormPostAsync(client, "/forgot-password", "forgot", new() { ["Input.Email"] = "owner@example.com" });
        (await sent.Content.ReadAsStringAsync()).ShouldContain("we have emailed a link");

        var link = await LastMailLinkAsync(_acme);
        link.ShouldContain("/reset-password?email=");
        var path = new Uri(link).PathAndQuery;
        var reset = await PsaAppFactory.FormPostAsync(client, path, "reset", new()
        {
            ["Input.Email"] = "owner@example.com",
            ["Input.Code"] = Regex.Match(path, "code=([^&]+)").Groups[1].Value,
            ["Input.Password"] = "Brand-New-Pass-7",
        });
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await _app.SignedInClientAsync(_acme, "owner@example.com", "Brand-New-Pass-7");
        await Should.ThrowAsync<InvalidOperationException>(() => _app.SignedInClientAsync(_acme, "owner@example.com"));
    }

    [Fact]
    public async Task PasswordReset_UnknownEmail_AnswersTheSameAndSendsNothing()
    {
        await _app.CreateTenantAsync(_acme);
        var sent = await PsaAppFactory.FormPostAsync(_app.ClientFor(_acme), "/forgot-password", "forgot", new() { ["Input.Email"] = "nobody@example.com" });
        (await sent.Content.ReadAsStringAsync()).ShouldContain("we have emailed a link");
        await using var scope = _app.Service<TenantScopeFactory>().Open((await _app.Service<TenantDirectory>().FindAsync(Psa.Domain.Tenancy.TenantSlug.Parse(_acme)))!);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Outbox.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Invitation_AcceptedOnce_CreatesTheUserWithTheRole()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<StaffDirectory>()
                .InviteAsync("Bill Ing", "bill@example.com", "Billing", "Owner acme", new Uri($"http://{_acme}.localhost/"));
        }

        var link = await LastMailLinkAsync(_acme);
        var path = new Uri(link).PathAndQuery;
        var client = _app.ClientFor(_acme);
        var accepted = await PsaAppFactory.FormPostAsync(client, path, "accept", new()
        {
            ["Input.Token"] = Uri.UnescapeDataString(Regex.Match(path, "token=([^&]+)").Groups[1].Value),
            ["Input.Name"] = "Bill Ing",
            ["Input.Password"] = TestData.Password,
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var member = (await scope.ServiceProvider.GetRequiredService<StaffDirectory>().ListAsync()).Single(m => m.Email == "bill@example.com");
            member.Role.ShouldBe("Billing");
        }

        (await _app.ClientFor(_acme).GetStringAsync(path)).ShouldContain("Invitation not valid");
    }

    [Fact]
    public async Task Invitation_WeakPasswordOrExistingEmail_IsRefusedNamingTheField()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var staff = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        var existing = await Should.ThrowAsync<ValidationFailedException>(() =>
            staff.InviteAsync("Again", "owner@example.com", "Engineer", "x", new Uri($"http://{_acme}.localhost/")));
        existing.Errors.ShouldHaveSingleItem().Field.ShouldBe("Email");
        var bad = await Should.ThrowAsync<ValidationFailedException>(() =>
            staff.InviteAsync("", "not-mail", "Janitor", "x", new Uri($"http://{_acme}.localhost/")));
        bad.Errors.Select(e => e.Field).ShouldBe(["Name", "Email", "Role"], ignoreOrder: true);
    }

    [Fact]
    public async Task Handoff_TokenWorksOnceForItsWorkspaceOnly()
    {
        var a = await _app.CreateTenantAsync(_alpha);
        await _app.CreateTenantAsync(_bravo);
        var handoffs = _app.Service<HandoffTokens>();

        var wrongHost = await handoffs.IssueAsync(_alpha, a.OwnerUserId);
        (await _app.ClientFor(_bravo).GetAsync("/handoff?token=" + Uri.EscapeDataString(wrongHost))).Headers.Location!.ToString().ShouldBe("/signin");

        var token = await handoffs.IssueAsync(_alpha, a.OwnerUserId);
        var client = _app.ClientFor(_alpha);
        var first = await client.GetAsync("/handoff?token=" + Uri.EscapeDataString(token));
        first.Headers.Location!.ToString().ShouldBe("/?welcome=1");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var replay = await _app.ClientFor(_alpha).GetAsync("/handoff?token=" + Uri.EscapeDataString(token));
        replay.Headers.Location!.ToString().ShouldBe("/signin");
    }

    /// <summary>The link in the recipient's copy (the Outbox keeps no usable token).</summary>
    private Task<string> LastMailLinkAsync(string slug) =>
        Task.FromResult(WebUtility.HtmlDecode(Regex.Match(_app.LastDeliveredMail(slug), "href=\"([^\"]+)\"").Groups[1].Value));
}
