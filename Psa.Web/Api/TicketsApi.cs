using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain.ServiceDesk;
using Psa.Web.Auth;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;

namespace Psa.Web.Api;

public sealed record TicketStatusInput(TicketStatus Status, string? Resolution);

public sealed record TicketAssignInput(Guid EngineerId);

public sealed record TicketReplyInput(string Body, bool Internal = false, int? Minutes = null);

public sealed record TicketTimeInput(DateTime Start, int Minutes, bool Billable = true, string? Note = null);

public sealed record TicketMergeInput(int Into);

public sealed record TicketParentInput(int? Parent);

public sealed record TicketAgreementInput(Guid? AgreementId);

public sealed record TicketCreated(int Number, string Reference);

/// <summary>SLA clocks of a ticket, as the watcher and the ticket page count them.</summary>
public sealed record TicketSlaDto(string? Policy, TicketPriority Priority, bool Paused, IReadOnlyList<SlaClockState> Clocks);

/// <summary>The service desk under <c>/api/v1/tickets</c>: tickets, replies, time and SLA state.</summary>
public static class TicketsApi
{
    /// <summary>Ticket files for the staff ticket page (cookie sign-in) and for contacts in the portal (their own client's tickets only).</summary>
    public static void MapDownloads(IEndpointRouteBuilder app)
    {
        app.MapGet("/tickets/attachments/{id:guid}", async (Guid id, TicketService tickets, HttpContext http) =>
            await tickets.OpenAttachmentAsync(id, null, http.RequestAborted) is { } file
                ? Results.File(file.Content, file.Attachment.ContentType, file.Attachment.FileName)
                : Results.NotFound()).RequirePermission(Permission.Tickets).ExcludeFromDescription();
        app.MapGet("/portal/tickets/attachments/{id:guid}", async (Guid id, TicketService tickets, HttpContext http) =>
            await tickets.OpenAttachmentAsync(id, Portal.PortalQueries.ClientOf(http.User), http.RequestAborted) is { } file
                ? Results.File(file.Content, file.Attachment.ContentType, file.Attachment.FileName)
                : Results.NotFound()).RequireAuthorization(PsaPolicies.Contact).ExcludeFromDescription();
    }

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tickets").WithTags("Tickets").AddEndpointFilter<DomainErrorFilter>().RequirePermission(Permission.Tickets);
        g.MapGet("/", (TicketService tickets, Guid? boardId, TicketStatus? status, TicketPriority? priority, Guid? assigneeId, Guid? clientId, string? q,
                bool openOnly = true, int take = 100) =>
            tickets.BoardAsync(new BoardFilter
            {
                BoardId = boardId, Status = status, Priority = priority, AssigneeEngineerId = assigneeId, ClientId = clientId, Text = q, OpenOnly = openOnly, Take = take,
            }))
            .WithName("ListTickets").WithSummary("The service board: tickets by status (at most 'take' per status, most urgent first) with complete counts.");
        g.MapGet("/{number:int}", async Task<Results<Ok<TicketDetail>, NotFound>> (int number, TicketService tickets) =>
                await tickets.GetAsync(number) is { } t ? TypedResults.Ok(t) : TypedResults.NotFound())
            .WithName("GetTicket").WithSummary("A ticket with its conversation, activity, time, SLA clocks and related tickets.");
        g.MapPost("/", async (NewTicketInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                input.Source = TicketSource.Api;
                var number = await tickets.CreateAsync(input, await ActorAsync(user, engineers));
                return TypedResults.Created($"/api/v1/tickets/{number}", new TicketCreated(number, TicketText.Reference(number)));
            })
            .WithName("CreateTicket").WithSummary("Opens a ticket; the agreement and SLA are chosen and the board routes it unless an assignee is given.");
        g.MapPut("/{number:int}", async (int number, TicketEditInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.EditAsync(number, input, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("UpdateTicket").WithSummary("Changes title, description, type, impact, urgency (hence priority and SLA), work type, contact, site, board and tags.");
        g.MapPost("/{number:int}/assign", async (int number, TicketAssignInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.AssignAsync(number, input.EngineerId, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("AssignTicket").WithSummary("Manual dispatch to an engineer.");
        g.MapPost("/{number:int}/status", async (int number, TicketStatusInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.ChangeStatusAsync(number, input.Status, await ActorAsync(user, engineers), input.Resolution);
                return TypedResults.NoContent();
            })
            .WithName("ChangeTicketStatus")
            .WithSummary("Moves the ticket in the workflow; In progress starts the assignee's timer, Waiting on client / Resolved stop it. A refused move answers 409 naming the rule.");
        g.MapPost("/{number:int}/reopen", async (int number, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.ReopenAsync(number, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("ReopenTicket").WithSummary("Reopens a resolved ticket within the workspace's reopen window.");
        g.MapGet("/{number:int}/replies", async Task<Results<Ok<IReadOnlyList<TicketMessageView>>, NotFound>> (int number, TicketService tickets) =>
                await tickets.GetAsync(number) is { } t ? TypedResults.Ok(t.Messages) : TypedResults.NotFound())
            .WithName("ListTicketReplies").WithSummary("The conversation: public replies and internal notes.");
        g.MapPost("/{number:int}/replies", async (int number, TicketReplyInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                var id = await tickets.ReplyAsync(number, input.Internal ? MessageKind.InternalNote : MessageKind.PublicReply, input.Body,
                    await ActorAsync(user, engineers), input.Minutes);
                return TypedResults.Created($"/api/v1/tickets/{number}/replies", new { id });
            })
            .WithName("ReplyToTicket").WithSummary("A public reply (mailed to the contact) or an internal note; 'minutes' logs the time it took on the ticket.");
        g.MapGet("/{number:int}/time", async Task<Results<Ok<IReadOnlyList<TicketTimeView>>, NotFound>> (int number, TicketService tickets) =>
                await tickets.GetAsync(number) is { } t ? TypedResults.Ok(t.Time) : TypedResults.NotFound())
            .WithName("ListTicketTime").WithSummary("Time entries on the ticket, with approval and whether a billing run settled them.");
        g.MapPost("/{number:int}/time", async (int number, TicketTimeInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                var actor = await ActorAsync(user, engineers);
                var id = await tickets.LogTimeAsync(number, actor.EngineerId!.Value, input.Start, input.Minutes, input.Billable, input.Note, actor);
                return TypedResults.Created($"/api/v1/time-entries/{id}", new { id });
            })
            .WithName("LogTicketTime").WithSummary("Logs the token user's time on the ticket (its client, agreement and work type; start is wall-clock time in the workspace's zone).");
        g.MapGet("/{number:int}/sla", async Task<Results<Ok<TicketSlaDto>, NotFound>> (int number, TicketService tickets) =>
                await tickets.GetAsync(number) is { } t
                    ? TypedResults.Ok(new TicketSlaDto(t.SlaPolicyName, t.Priority, t.Clocks.Any(c => c.Paused), t.Clocks))
                    : TypedResults.NotFound())
            .WithName("GetTicketSla").WithSummary("Response and resolution clocks in business minutes: target, elapsed, paused, due, met, breached.");
        g.MapPost("/{number:int}/merge", async (int number, TicketMergeInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.MergeAsync(number, input.Into, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("MergeTicket").WithSummary("Closes this ticket as a duplicate of 'into' (same client, open).");
        g.MapPut("/{number:int}/parent", async (int number, TicketParentInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.SetParentAsync(number, input.Parent, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("SetTicketParent").WithSummary("Makes the ticket a child of another of the client's tickets (null: none).");
        g.MapPut("/{number:int}/agreement", async (int number, TicketAgreementInput input, ClaimsPrincipal user, EngineerDirectory engineers, TicketService tickets) =>
            {
                await tickets.ChooseAgreementAsync(number, input.AgreementId, await ActorAsync(user, engineers));
                return TypedResults.NoContent();
            })
            .WithName("SetTicketAgreement").WithSummary("Overrides the automatically chosen agreement (null: client-level time and materials).");
    }

    public static async Task<TicketActor> ActorAsync(ClaimsPrincipal user, EngineerDirectory engineers)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var engineer = await engineers.ForUserAsync(userId);
        return new TicketActor(user.FindFirstValue(PsaClaims.DisplayName) ?? engineer.Name, userId, engineer.Id);
    }
}
