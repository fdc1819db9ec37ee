using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Components;
using Psa.Web.Auth;
using Psa.Tests.TimeTracking;
using Psa.Web.Clients;
using Psa.Web.Components.TimeTracking;
using Psa.Web.Components.Pages.ServiceDesk;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;
using Psa.Tests.Support;

namespace Psa.Tests.ServiceDesk;

/// <summary>The service board and the ticket page over a real workspace, as a live circuit renders them.</summary>
public sealed class ServiceDeskComponentTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    private TicketActor _owner = null!;

    private async Task<int> SeedAsync(string slug, int tickets = 1)
    {
        var tenant = await App.CreateTenantAsync(slug = App.NewSlug(slug));
        Tenant.Set(tenant.Tenant);
        int number;
        await using (var scope = App.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
            await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
            {
                var client = Client.Create("contoso", "Contoso", 0m);
                db.Clients.Add(client);
                await db.SaveChangesAsync();
                _owner = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
                number = 0;
                for (var i = 1; i <= tickets; i++)
                {
                    number = await scope.ServiceProvider.GetRequiredService<TicketService>().CreateAsync(
                        new NewTicketInput { ClientId = client.Id, Title = i == 1 ? "Printer down" : $"Printer down again {i}", Impact = TicketImpact.High, Urgency = TicketUrgency.High },
                        _owner);
                }
            }
        }

        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, slug));
        return number;
    }

    [Fact]
    public async Task TheBoard_ShowsTheTicketInItsStatusColumn()
    {
        await SeedAsync("boardco");
        var cut = RenderInteractive<ServiceBoardPage>();
        cut.WaitForAssertion(() =>
        {
            var column = cut.Find("[data-status=Assigned]");
            column.TextContent.ShouldContain("#1 Printer down");
            column.TextContent.ShouldContain("Contoso");
        }, Patience);
    }

    [Fact]
    public async Task StartWork_OnTheTicketPage_StartsTheTimer_AndShowsTheStatus()
    {
        var number = await SeedAsync("pageco");
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, number));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);
        cut.Find("[data-testid=sla-clocks]").TextContent.ShouldContain("Resolution");

        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Start work").Click());

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("In progress");
            cut.Find("[data-testid=ticket-timer]").TextContent.ShouldContain("Timer running");
        }, Patience);
    }
    [Fact]
    public async Task MergeIntoIt_ClosesTheDuplicate_AndBothTicketsShowTheLink()
    {
        var duplicate = await SeedAsync("mergeco", tickets: 2);
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, duplicate));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);

        await cut.InvokeAsync(() => Field(cut, "Other ticket number").Change(new ChangeEventArgs { Value = "1" }));
        await cut.InvokeAsync(() => Button(cut, "Merge into it").Click());

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Closed");
            cut.Markup.ShouldContain("Merged into");
            cut.Markup.ShouldContain("Resolution: Duplicate of #1");
        }, Patience);
        var target = (await Get<TicketService>().GetAsync(1))!;
        target.Messages.Single().Body.ShouldStartWith($"Merged from #{duplicate}");
    }

    [Fact]
    public async Task MakeChildOfIt_ShowsTheParent_AndALoopIsRefusedNamingTheField()
    {
        var child = await SeedAsync("parentco", tickets: 2);
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, child));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);
        await cut.InvokeAsync(() => Field(cut, "Other ticket number").Change(new ChangeEventArgs { Value = "1" }));
        await cut.InvokeAsync(() => Button(cut, "Make child of it").Click());
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("Child of"), Patience);

        var parent = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, 1));
        parent.WaitForAssertion(() => parent.Markup.ShouldContain("Parent of"), Patience);
        await parent.InvokeAsync(() => Field(parent, "Other ticket number").Change(new ChangeEventArgs { Value = child.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        await parent.InvokeAsync(() => Button(parent, "Make child of it").Click());
        parent.WaitForAssertion(() => parent.Find("[data-testid=ticket-error]").TextContent.ShouldContain("it would make a loop"), Patience);
    }

    [Fact]
    public async Task Reopen_IsRefusedAfterTheWindow_AndWorksWithinIt()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        Services.AddSingleton<TimeProvider>(clock);
        var number = await SeedAsync("reopenco");
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, number));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);

        // Required fields first: no resolution, no resolve.
        await cut.InvokeAsync(() => Button(cut, "Resolve").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-error]").TextContent.ShouldContain("needs a resolution"), Patience);
        await cut.InvokeAsync(() => Field(cut, "Resolution").Change(new ChangeEventArgs { Value = "Replaced the toner" }));
        await cut.InvokeAsync(() => Button(cut, "Resolve").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Resolved"), Patience);

        clock.Now = clock.Now.AddDays(8);
        await cut.InvokeAsync(() => Button(cut, "Reopen").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-error]").TextContent.ShouldContain("was resolved more than 7 days ago"), Patience);
        cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Resolved");

        clock.Now = clock.Now.AddDays(-2);
        await cut.InvokeAsync(() => Button(cut, "Reopen").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);
    }

    [Fact]
    public async Task Close_WithATimerRunning_IsRefused_UntilTheTimerStops()
    {
        var number = await SeedAsync("closeco");
        var tickets = Get<TicketService>();
        var actor = _owner;
        await tickets.ChangeStatusAsync(number, TicketStatus.Resolved, actor, "Replaced the toner");
        var ticket = (await tickets.GetAsync(number))!;
        await Get<TimerService>().StartOnTicketAsync(ticket.Id, actor.EngineerId!.Value);

        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, number));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-timer]").TextContent.ShouldContain("Timer running"), Patience);
        await cut.InvokeAsync(() => Button(cut, "Close").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-error]").TextContent.ShouldBe("Ticket #1 has a running timer; stop it before closing."), Patience);
        cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Resolved");

        await Get<TimerService>().StopAsync(actor.EngineerId!.Value);
        await cut.InvokeAsync(() => Button(cut, "Close").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Closed"), Patience);
    }

    [Fact]
    public async Task SendReply_WithMinutesToLog_LogsTheTimeOnTheTicket()
    {
        var number = await SeedAsync("replyco");
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, number));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);

        await cut.InvokeAsync(() => Field(cut, "Reply").Change(new ChangeEventArgs { Value = "Reinstalled the driver; please try again." }));
        await cut.InvokeAsync(() => Field(cut, "Minutes to log").Change(new ChangeEventArgs { Value = "25" }));
        await cut.InvokeAsync(() => Button(cut, "Send reply").Click());

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=conversation]").TextContent.ShouldContain("logged 25 min");
            cut.Find("[data-testid=ticket-time]").TextContent.ShouldContain("25");
            cut.Find("[data-testid=ticket-activity]").TextContent.ShouldContain("Logged 25 min");
        }, Patience);
        var entry = (await Get<TicketService>().GetAsync(number))!.Time.Single();
        entry.Minutes.ShouldBe(25);
    }

    [Fact]
    public async Task StartWork_ThePillInTheTopBarNamesTheTicket()
    {
        var number = await SeedAsync("pillco");
        var pill = RenderInteractive<TimerWidget>();
        await Get<TicketService>().ChangeStatusAsync(number, TicketStatus.InProgress, _owner);

        pill.WaitForAssertion(() => pill.Find("[data-testid=running-timer]").TextContent.ShouldContain("#1 Printer down"), Patience);
    }

    private T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The input a MudBlazor field's label points at.</summary>
    private static AngleSharp.Dom.IElement Field<T>(IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var id = cut.FindAll("label").First(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.Find($"#{id}");
    }

    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> cut, string name) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == name);
}
