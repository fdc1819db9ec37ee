using Psa.Domain.ServiceDesk;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

public sealed class InboundMailRulesTests
{
    private static readonly string[] Own = ["help@msp.test", "noreply@psa.test"];

    private static string? Reason(string from, params (string Name, string Value)[] headers) =>
        InboundMailRules.AutomatedReason(name => headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault(), from, Own);

    [Fact]
    public void APersonsMail_IsNotAutomated() => Reason("alice@contoso.test", ("Auto-Submitted", "no"), ("Precedence", "normal")).ShouldBeNull();

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated", "Auto-Submitted: auto-generated")]
    [InlineData("X-Autoreply", "yes", "X-Autoreply: yes")]
    [InlineData("X-Autorespond", "1", "X-Autorespond: 1")]
    [InlineData("Precedence", "bulk", "Precedence: bulk")]
    [InlineData("Precedence", "Junk", "Precedence: Junk")]
    [InlineData("Precedence", "list", "Precedence: list")]
    [InlineData("Return-Path", "<>", "bounce (empty Return-Path)")]
    public void MachineMail_IsRecognised(string header, string value, string reason) => Reason("alice@contoso.test", (header, value)).ShouldBe(reason);

    [Theory]
    [InlineData("HELP@msp.test", "sent from our own address")]
    [InlineData("noreply@psa.test", "sent from our own address")]
    [InlineData("MAILER-DAEMON@contoso.test", "sent by mailer-daemon")]
    [InlineData("", "no sender address")]
    public void OurOwnMail_AndDaemons_AreRecognised(string from, string reason) => Reason(from).ShouldBe(reason);

    [Theory]
    [InlineData("[Ticket #42] Printer down", 42)]
    [InlineData("RE: RE: [Ticket #7] VPN", 7)]
    [InlineData("Re: ticket #1234 follow-up", 1234)]
    [InlineData("Invoice #42 question", null)]
    [InlineData("Printer down", null)]
    [InlineData("[Ticket #0] zero", null)]
    public void TheTicketNumber_IsReadFromTheSubject(string subject, int? number) => InboundMailRules.TicketNumber(subject).ShouldBe(number);

    [Theory]
    [InlineData("Re: Fwd: Printer down", "Printer down")]
    [InlineData("   ", "(no subject)")]
    [InlineData("AW: Drucker", "Drucker")]
    public void TheTitle_LosesReplyPrefixes(string subject, string title) => InboundMailRules.Title(subject).ShouldBe(title);

    [Fact]
    public void TheNewText_LeavesOutTheQuotedConversation()
    {
        InboundMailRules.NewText("Thanks, fixed.\r\n\r\nOn Tue, 17 Nov 2026 at 09:00, Psa <help@msp.test> wrote:\r\n> Please try again\r\n", 1000).ShouldBe("Thanks, fixed.");
        InboundMailRules.NewText("Top line\n> quoted\nBottom line\n-----Original Message-----\nFrom: x", 1000).ShouldBe("Top line\nBottom line");
        InboundMailRules.NewText("> only quoted", 1000).ShouldBe("> only quoted");
        InboundMailRules.NewText(new string('a', 50), 10).ShouldBe(new string('a', 10));
    }
}
