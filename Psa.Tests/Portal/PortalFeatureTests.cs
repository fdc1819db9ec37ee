using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Common;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Domain.Quotes;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.Quotes;
using Shouldly;
using Psa.Infrastructure.Live;

namespace Psa.Tests.Portal;

/// <summary>
/// The portal's project page, client actions on client-editable tasks, phase sign-off (and the milestone
/// it makes billable), quotes and invoices — each also from the other client's side, which must see nothing.
/// </summary>
public sealed class PortalFeatureTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _alpha = app.NewSlug("alpha");
    private readonly string _bravo = app.NewSlug("bravo");

    private sealed record Side(Guid ClientId, Guid ContactId, Guid ProjectId, Guid Design, Guid Build, Guid Survey, Guid Approve, Guid Internal);

    private sealed record World(ProvisionResult Tenant, Side Contoso, Side Fabrikam);

    private async Task<World> SeedAsync(string? slug = null, bool invoiceAtOnce = false)
    {
        var tenant = await _app.CreateTenantAsync(slug ?? _acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var sp = scope.ServiceProvider;
        var contoso = Client.Create("contoso", "Contoso Ltd", 0m);
        var alice = contoso.AddContact("Alice Contoso", "alice@contoso.test");
        var fabrikam = Client.Create("fabrikam", "Fabrikam Inc", 0m);
        var fred = fabrikam.AddContact("Fred Fabrikam", "fred@fabrikam.test");
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            db.Clients.AddRange(contoso, fabrikam);
            (await db.Settings.SingleAsync()).InvoiceMilestoneOnSignOff = invoiceAtOnce;
            await db.SaveChangesAsync();
        }

        return new World(tenant, await ProjectAsync(sp, contoso.Id, alice.Id, "c1", "Contoso firewall refresh"), await ProjectAsync(sp, fabrikam.Id, fred.Id, "f1", "Fabrikam secret merger IT"));
    }

    private static async Task<Side> ProjectAsync(IServiceProvider sp, Guid clientId, Guid contactId, string code, string name)
    {
        var editor = sp.GetRequiredService<ProjectEditor>();
        var plans = sp.GetRequiredService<PlanEditor>();
        var today = sp.GetRequiredService<WorkspaceClock>().Today;
        var id = await editor.CreateAsync(new ProjectInput(code, clientId, name, null, ProjectStatus.Active, null, today, today.AddDays(30), 40m, null,
            ProjectBillingModel.Milestone, 10_000m, null, Psa.Domain.Projects.Routing.RoutingMode.Manual, null, null));
        var design = await plans.AddPhaseAsync(id, "Design", requiresSignOff: true, 0.3m, null);
        var build = await plans.AddPhaseAsync(id, "Build", requiresSignOff: false, 0.7m, design);
        var survey = await plans.AddTaskAsync(id, design, "Site survey", 120, today, today.AddDays(2));
        var approve = await plans.AddTaskAsync(id, design, "Approve the network diagram", 30, today.AddDays(3), today.AddDays(4));
        var @internal = await plans.AddTaskAsync(id, build, "Install firewalls", 240, today.AddDays(6), today.AddDays(8));
        await plans.SetClientEditableAsync(id, approve, true);
        return new Side(clientId, contactId, id, design, build, survey, approve, @internal);
    }

    private async Task<HttpClient> PortalClientAsync(World world, Guid contactId)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var link = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().InviteAsync(contactId, new Uri($"http://{world.Tenant.Tenant.Slug}.localhost/"), "Owner");
        var client = _app.ClientFor(world.Tenant.Tenant.Slug.Value);
        var accepted = await PsaAppFactory.FormPostAsync(client, link.PathAndQuery, "portal-accept", new()
        {
            ["Input.Token"] = Uri.UnescapeDataString(Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value),
            ["Input.Password"] = TestData.Password,
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    /// <summary>The contact's claims exactly as the portal's sign-in makes them.</summary>
    /// <summary>Another client's record answers 404, with the page's own "not found" message.</summary>
    private static async Task<string> NotFoundPageAsync(HttpClient contact, string path)
    {
        var response = await contact.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<ClaimsPrincipal> ContactAsync(IServiceProvider sp, Guid contactId)
    {
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contactId);
        if (account is null)
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == contactId);
            account = Psa.Domain.Portal.PortalAccount.For(contact.Id, contact.ClientId, contact.Email);
            db.PortalAccounts.Add(account);
            await db.SaveChangesAsync();
        }

        return await sp.GetRequiredService<PortalSignIn>().PrincipalAsync(db, account, "password", CancellationToken.None);
    }

    [Fact]
    public async Task ProjectPage_ShowsTheContactsProjectWithMilestones_AndNotAnotherClients()
    {
        var world = await SeedAsync();
        var alice = await PortalClientAsync(world, world.Contoso.ContactId);

        var own = System.Net.WebUtility.HtmlDecode(await alice.GetStringAsync($"/portal/projects/{world.Contoso.ProjectId}"));
        own.ShouldContain("Contoso firewall refresh");
        own.ShouldContain("Ready to start · 0 of 2 tasks complete");
        own.ShouldContain("Awaiting Design · 0 of 1 tasks complete");
        var home = System.Net.WebUtility.HtmlDecode(await alice.GetStringAsync("/portal"));
        home.ShouldContain("Ready to start · 0 of 2 tasks complete", customMessage: "the portal home reads each phase as the project page does");
        home.ShouldContain("Awaiting Design · 0 of 1 tasks complete");
        own.ShouldContain("Approve the network diagram"); // a task for the client
        own.ShouldContain("data-testid=\"gantt\"");

        var other = await NotFoundPageAsync(alice, $"/portal/projects/{world.Fabrikam.ProjectId}");
        other.ShouldContain("Project not found");
        other.ShouldNotContain("Fabrikam secret merger IT");
    }

    [Fact]
    public async Task ProjectView_IsSharedUntilAChange_LoadedOncePerChange_AndNeverShownToAnotherClient()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var portal = sp.GetRequiredService<PortalService>();
        var views = sp.GetRequiredService<PortalProjectViews>();
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var fred = await ContactAsync(sp, world.Fabrikam.ContactId);
        var c = world.Contoso;

        var first = (await portal.ProjectAsync(alice, c.ProjectId))!;
        first.Plan.Task(c.Survey).Status.ShouldBe(ProjectTaskStatus.ToDo);
        var loads = views.Loads;
        (await portal.ProjectAsync(alice, c.ProjectId)).ShouldBeSameAs(first, "no change: the view is shared, not loaded again");
        (await portal.ProjectAsync(fred, c.ProjectId)).ShouldBeNull("another client's contact never gets the view, shared or not");
        views.Loads.ShouldBe(loads);

        // A staff change: the next read has it, whatever was shared before.
        await sp.GetRequiredService<PlanEditor>().ChangeStatusAsync(c.ProjectId, c.Survey, ProjectTaskStatus.InProgress);
        var changed = (await portal.ProjectAsync(alice, c.ProjectId))!;
        changed.ShouldNotBeSameAs(first);
        changed.Plan.Task(c.Survey).Status.ShouldBe(ProjectTaskStatus.InProgress);
        first.Plan.Task(c.Survey).Status.ShouldBe(ProjectTaskStatus.ToDo, "the shared view a page holds is never changed under it");

        // A change made on another node arrives as a delivered topic: the view loaded before it is not served after it.
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            await db.Projects.Where(p => p.Id == c.ProjectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Name, "Contoso firewall refresh, phase 2"));
        }

        (await portal.ProjectAsync(alice, c.ProjectId))!.Plan.Project.Name.ShouldBe("Contoso firewall refresh", "no topic yet: still the shared view");
        _app.Service<LiveNotifier>().DeliverLocally(world.Tenant.Tenant.Slug.Value, LiveTopics.Project(c.ProjectId));

        // Many circuits re-render at once: one load between them.
        loads = views.Loads;
        var readers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => portal.ProjectAsync(alice, c.ProjectId)));
        views.Loads.ShouldBe(loads + 1);
        readers.ShouldAllBe(v => ReferenceEquals(v, readers[0]));
        readers[0]!.Plan.Project.Name.ShouldBe("Contoso firewall refresh, phase 2");
        (await portal.ProjectAsync(fred, c.ProjectId)).ShouldBeNull();
        (await portal.ProjectAsync(fred, world.Fabrikam.ProjectId))!.Plan.Project.Name.ShouldBe("Fabrikam secret merger IT");
        (await portal.ProjectAsync(alice, world.Fabrikam.ProjectId)).ShouldBeNull();

        // Settings shown on the page drop the workspace's views too.
        (await portal.ProjectAsync(alice, c.ProjectId))!.ShowBudget.ShouldBeFalse();
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            await db.Settings.ExecuteUpdateAsync(u => u.SetProperty(s => s.PortalShowsBudget, true));
        }

        _app.Service<LiveNotifier>().Publish(world.Tenant.Tenant.Slug.Value, LiveTopics.Settings);
        (await portal.ProjectAsync(alice, c.ProjectId))!.ShowBudget.ShouldBeTrue();
    }

    [Fact]
    public async Task ClientEditableTask_ContactCommentsAttachesAndCompletes_StaffSeeIt()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var portal = sp.GetRequiredService<PortalService>();
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var c = world.Contoso;

        await portal.CommentAsync(alice, c.ProjectId, c.Approve, "Diagram looks right, one question on VLAN 20.");
        using var pdf = new MemoryStream("%PDF-1.4 test"u8.ToArray());
        var file = await portal.AttachAsync(alice, c.ProjectId, c.Approve, "signed-diagram.pdf", pdf.Length, pdf);
        await portal.CompleteTaskAsync(alice, c.ProjectId, c.Approve);

        var activity = await sp.GetRequiredService<ProjectQueries>().ActivityAsync(c.ProjectId);
        activity.Comments.ShouldHaveSingleItem().Text.ShouldBe("Diagram looks right, one question on VLAN 20.");
        activity.Comments[0].AuthorName.ShouldBe("Alice Contoso");
        activity.Attachments.ShouldHaveSingleItem().FileName.ShouldBe("signed-diagram.pdf");
        var detail = (await sp.GetRequiredService<ProjectQueries>().GetAsync(c.ProjectId))!;
        detail.Plan.Task(c.Approve).Status.ShouldBe(ProjectTaskStatus.Done);

        var staff = await _app.SignedInClientAsync(_acme, "owner@example.com");
        var download = await staff.GetAsync($"/projects/{c.ProjectId}/attachments/{file.Id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldBe("%PDF-1.4 test");
        (await staff.GetStringAsync($"/projects/{c.ProjectId}")).ShouldContain("signed-diagram.pdf");

        var aliceHttp = await PortalClientAsync(world, c.ContactId);
        (await aliceHttp.GetAsync($"/portal/attachments/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var fredHttp = await PortalClientAsync(world, world.Fabrikam.ContactId);
        (await fredHttp.GetAsync($"/portal/attachments/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClientCompletingATask_StopsTheEngineersRunningTimersOnIt()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var c = world.Contoso;
        var timers = sp.GetRequiredService<Psa.Web.TimeTracking.TimerService>();
        var owner = await sp.GetRequiredService<Psa.Web.TimeTracking.EngineerDirectory>().ForUserAsync(world.Tenant.OwnerUserId);
        await timers.StartOnTaskAsync(c.Approve, owner.Id);
        (await timers.ForEngineerAsync(owner.Id)).ShouldHaveSingleItem();
        var widgetRefreshed = new TaskCompletionSource();
        using var subscription = _app.Service<Psa.Infrastructure.Live.LiveNotifier>().Subscribe(world.Tenant.Tenant.Slug.Value,
            LiveTopics.Time(owner.Id), () => { widgetRefreshed.TrySetResult(); return Task.CompletedTask; });

        await sp.GetRequiredService<PortalService>().CompleteTaskAsync(await ContactAsync(sp, c.ContactId), c.ProjectId, c.Approve);

        await widgetRefreshed.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the engineer's timer widget hears of it

        // Stopped: its time saved, or (a run past midnight) held for the engineer to confirm.
        var left = await timers.ForEngineerAsync(owner.Id);
        left.ShouldAllBe(t => t.AwaitingConfirmation);
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        ((await db.TimeEntries.CountAsync(e => e.TaskId == c.Approve && e.EngineerId == owner.Id)) + left.Count).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ClientActions_AreRefusedOnOtherTasks_OtherClients_AndBadFiles()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var portal = sp.GetRequiredService<PortalService>();
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var c = world.Contoso;
        var f = world.Fabrikam;

        // Not client-editable, and another client's (editable) task.
        (await Should.ThrowAsync<DomainException>(() => portal.CompleteTaskAsync(alice, c.ProjectId, c.Survey))).Field.ShouldBe("Task");
        (await Should.ThrowAsync<DomainException>(() => portal.CommentAsync(alice, f.ProjectId, f.Approve, "hello"))).Field.ShouldBe("Task");
        (await Should.ThrowAsync<DomainException>(() => portal.CompleteTaskAsync(alice, f.ProjectId, f.Approve))).Field.ShouldBe("Task");
        (await Should.ThrowAsync<DomainException>(() => portal.SignOffAsync(alice, f.ProjectId, f.Design, "Alice Contoso", "127.0.0.1"))).Field.ShouldBe("Project");
        (await portal.ProjectAsync(alice, f.ProjectId)).ShouldBeNull();

        // Empty comment, forbidden type, too large.
        (await Should.ThrowAsync<DomainException>(() => portal.CommentAsync(alice, c.ProjectId, c.Approve, "  "))).Field.ShouldBe("Comment");
        using var exe = new MemoryStream([1, 2, 3]);
        (await Should.ThrowAsync<DomainException>(() => portal.AttachAsync(alice, c.ProjectId, c.Approve, "setup.exe", 3, exe))).Message.ShouldContain("not a type you can attach");
        using var big = new MemoryStream(new byte[(int)Psa.Domain.Portal.TaskAttachment.MaxBytes + 10]);
        (await Should.ThrowAsync<DomainException>(() => portal.AttachAsync(alice, c.ProjectId, c.Approve, "huge.pdf", big.Length, big))).Message.ShouldContain("larger than 10 MB");

        // A predecessor rule still applies to the contact, exactly as to staff.
        await sp.GetRequiredService<PlanEditor>().AddTaskDependencyAsync(c.ProjectId, c.Approve, c.Survey);
        var refused = await Should.ThrowAsync<BusinessRuleViolationException>(() => portal.CompleteTaskAsync(alice, c.ProjectId, c.Approve));
        refused.Message.ShouldContain("waiting for “Site survey”");
    }

    [Fact]
    public async Task SignOff_CompletesThePhase_RecordsWhoWhenWhere_AndTheNextRunBillsTheMilestone()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var portal = sp.GetRequiredService<PortalService>();
        var projects = sp.GetRequiredService<ProjectQueries>();
        var plans = sp.GetRequiredService<PlanEditor>();
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var c = world.Contoso;

        // Not ready: tasks are open.
        var early = await Should.ThrowAsync<BusinessRuleViolationException>(() => portal.SignOffAsync(alice, c.ProjectId, c.Design, "Alice Contoso", "203.0.113.9"));
        early.Message.ShouldContain("2 of 2 tasks are not done");

        await plans.ChangeStatusAsync(c.ProjectId, c.Survey, ProjectTaskStatus.Done);
        await portal.CompleteTaskAsync(alice, c.ProjectId, c.Approve);
        (await Should.ThrowAsync<DomainException>(() => portal.SignOffAsync(alice, c.ProjectId, c.Design, " ", "203.0.113.9"))).Field.ShouldBe("Full name");
        var before = DateTimeOffset.UtcNow;
        (await portal.SignOffAsync(alice, c.ProjectId, c.Design, "Alice M. Contoso", "203.0.113.9")).ShouldBeNull();

        var phase = (await projects.GetAsync(c.ProjectId))!.Plan.Phase(c.Design);
        phase.IsComplete.ShouldBeTrue();
        phase.SignedOffBy.ShouldBe("Alice M. Contoso");
        phase.SignedOffFromIp.ShouldBe("203.0.113.9");
        phase.SignedOffUtc!.Value.ShouldBeGreaterThanOrEqualTo(before.AddSeconds(-1));
        phase.SignedOffUtc.Value.Offset.ShouldBe(TimeSpan.Zero);
        (await Should.ThrowAsync<DomainException>(() => portal.SignOffAsync(alice, c.ProjectId, c.Design, "Alice", "203.0.113.9"))).Message.ShouldContain("already signed off");

        // Billable in the next run: 30 % of 10,000, and no draft yet.
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            (await db.Invoices.CountAsync()).ShouldBe(0);
        }

        var period = BillingPeriod.Containing(sp.GetRequiredService<WorkspaceClock>().Today);
        var preview = await sp.GetRequiredService<BillingRunService>().PreviewAsync(period);
        var line = preview.Result.Invoices.SelectMany(i => i.Lines).ShouldHaveSingleItem();
        line.Kind.ShouldBe(LineKind.Milestone);
        line.Amount.ShouldBe(3000m);
    }

    [Fact]
    public async Task SignOff_WithInvoiceAtOnce_RaisesADraftThroughTheBillingRun_WhichTheNextRunDoesNotRepeat()
    {
        var world = await SeedAsync(invoiceAtOnce: true);
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var portal = sp.GetRequiredService<PortalService>();
        var plans = sp.GetRequiredService<PlanEditor>();
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var c = world.Contoso;
        await plans.ChangeStatusAsync(c.ProjectId, c.Survey, ProjectTaskStatus.Done);
        await plans.ChangeStatusAsync(c.ProjectId, c.Approve, ProjectTaskStatus.Done);

        var invoiceId = await portal.SignOffAsync(alice, c.ProjectId, c.Design, "Alice Contoso", "198.51.100.4");

        invoiceId.ShouldNotBeNull();
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var invoice = await db.Invoices.Include(i => i.Lines).SingleAsync();
            invoice.Id.ShouldBe(invoiceId.Value);
            invoice.Status.ShouldBe(InvoiceStatus.Draft);
            invoice.ClientId.ShouldBe(c.ClientId);
            invoice.Lines.ShouldHaveSingleItem().Amount.ShouldBe(3000m);
            (await db.BillingRuns.SingleAsync()).Trigger.ShouldBe("sign-off by Alice Contoso");
        }

        var period = BillingPeriod.Containing(sp.GetRequiredService<WorkspaceClock>().Today);
        var next = await sp.GetRequiredService<BillingRunService>().RunAsync(period, "test");
        next.InvoiceIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task Quote_AcceptedInThePortal_RunsTheStaffFlow_AndRecordsTheSignature_OnlyForItsClient()
    {
        var world = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant);
        var sp = scope.ServiceProvider;
        var quotes = sp.GetRequiredService<QuoteService>();
        var portal = sp.GetRequiredService<PortalService>();
        var sent = await quotes.CreateAsync(world.Contoso.ClientId, "Wi-Fi upgrade");
        await quotes.AddLineAsync(sent, new QuoteLineInput(QuoteLineKind.Hardware, "Access points", 4, 350m, null, null));
        await quotes.MarkSentAsync(sent);
        var draft = await quotes.CreateAsync(world.Contoso.ClientId, "Still being written");
        await quotes.AddLineAsync(draft, new QuoteLineInput(QuoteLineKind.Labour, "Work", 1, 100m, 1, null));
        var alice = await ContactAsync(sp, world.Contoso.ContactId);
        var fred = await ContactAsync(sp, world.Fabrikam.ContactId);

        (await portal.QuotesAsync(alice)).ShouldHaveSingleItem().Id.ShouldBe(sent);
        (await portal.QuotesAsync(fred)).ShouldBeEmpty();
        (await portal.QuoteAsync(alice, draft)).ShouldBeNull();
        (await Should.ThrowAsync<DomainException>(() => portal.AcceptQuoteAsync(fred, sent, "Fred Fabrikam", "10.0.0.1", null))).Field.ShouldBe("Quote");
        (await Should.ThrowAsync<DomainException>(() => portal.AcceptQuoteAsync(alice, sent, "", "10.0.0.1", null))).Field.ShouldBe("Full name");

        var result = await portal.AcceptQuoteAsync(alice, sent, "Alice Contoso", "192.0.2.7", null);

        result.SalesOrderNumber.ShouldStartWith("SO-");
        var quote = (await quotes.GetAsync(sent))!;
        quote.Status.ShouldBe(QuoteStatus.Accepted);
        quote.AcceptedSignature.ShouldBe("Alice Contoso");
        quote.AcceptedFromIp.ShouldBe("192.0.2.7");
        quote.AcceptedUtc.ShouldNotBeNull();
        quote.AcceptedBy!.ShouldContain("client portal");
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.SalesOrders.SingleAsync()).QuoteId.ShouldBe(sent);

        var fredHttp = await PortalClientAsync(world, world.Fabrikam.ContactId);
        var page = await NotFoundPageAsync(fredHttp, $"/portal/quotes/{sent}");
        page.ShouldContain("Quote not found");
        page.ShouldNotContain("Wi-Fi upgrade");
    }

    [Fact]
    public async Task Invoices_OnlyIssuedOnesOfTheContactsClient_WithPrintAndUbl()
    {
        var world = await SeedAsync(invoiceAtOnce: true);
        Guid issued, draft;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(world.Tenant.Tenant))
        {
            var sp = scope.ServiceProvider;
            var billing = sp.GetRequiredService<BillingRunService>();
            var invoices = sp.GetRequiredService<InvoiceService>();
            var plans = sp.GetRequiredService<PlanEditor>();
            foreach (var side in new[] { world.Contoso, world.Fabrikam })
            {
                await plans.ChangeStatusAsync(side.ProjectId, side.Survey, ProjectTaskStatus.Done);
                await plans.ChangeStatusAsync(side.ProjectId, side.Approve, ProjectTaskStatus.Done);
                await sp.GetRequiredService<PortalService>().SignOffAsync(await ContactAsync(sp, side.ContactId), side.ProjectId, side.Design, "Signer Name", "127.0.0.1");
            }

            await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
            issued = (await db.Invoices.SingleAsync(i => i.ClientId == world.Contoso.ClientId)).Id;
            draft = (await db.Invoices.SingleAsync(i => i.ClientId == world.Fabrikam.ClientId)).Id;
            await invoices.ApproveAsync(issued);
            await invoices.IssueAsync(issued);
            billing.ShouldNotBeNull();
        }

        var alice = await PortalClientAsync(world, world.Contoso.ContactId);
        var list = await alice.GetStringAsync("/portal/invoices");
        list.ShouldContain("INV-00001");
        var print = await alice.GetAsync($"/portal/invoices/{issued}/print");
        print.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await print.Content.ReadAsStringAsync()).ShouldContain("INV-00001");
        var ubl = await alice.GetAsync($"/portal/invoices/{issued}/ubl");
        ubl.StatusCode.ShouldBe(HttpStatusCode.OK);
        ubl.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        (await alice.GetStringAsync($"/portal/invoices/{issued}")).ShouldContain("Invoice INV-00001");

        // Fred's client has only a draft: never shown; Alice's invoice is not Fred's.
        var fred = await PortalClientAsync(world, world.Fabrikam.ContactId);
        (await fred.GetStringAsync("/portal/invoices")).ShouldContain("No invoices yet");
        (await fred.GetAsync($"/portal/invoices/{issued}/print")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fred.GetAsync($"/portal/invoices/{issued}/ubl")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fred.GetAsync($"/portal/invoices/{draft}/print")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await NotFoundPageAsync(fred, $"/portal/invoices/{issued}")).ShouldContain("Invoice not found");

        // Anonymous and staff sessions do not open portal documents.
        (await _app.ClientFor(_acme).GetAsync($"/portal/invoices/{issued}/ubl")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task PortalCookieOfOneWorkspace_OpensNothingOnAnother()
    {
        var a = await SeedAsync(_alpha, invoiceAtOnce: true);
        var b = await SeedAsync(_bravo);
        var alice = await PortalClientAsync(a, a.Contoso.ContactId);
        var cookie = (await alice.GetAsync("/portal")).RequestMessage!.Headers.GetValues("Cookie").Single();

        foreach (var path in new[] { $"/portal/projects/{b.Contoso.ProjectId}", "/portal/quotes", "/portal/invoices", $"/portal/attachments/{Guid.NewGuid()}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            var response = await _app.ClientFor(_bravo).SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/portal/signin");
        }
    }
}
