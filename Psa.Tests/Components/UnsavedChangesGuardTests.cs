using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Psa.Web.Components.Shared;
using Shouldly;

namespace Psa.Tests.Components;

/// <summary>Issue 14 §5: leaving an editor with unsaved changes asks first; without changes it does not.</summary>
public sealed class UnsavedChangesGuardTests : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void Leaving_with_changes_asks_and_stays_when_the_person_says_no()
    {
        var confirm = JSInterop.Setup<bool>("confirm", UnsavedChangesGuard.Question);
        confirm.SetResult(false);
        var dirty = true;
        Render<UnsavedChangesGuard>(p => p.Add(x => x.IsDirty, () => dirty));
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        navigation.NavigateTo("/projects");

        navigation.Uri.ShouldBe(before);
        confirm.Invocations.Count.ShouldBe(1);

        // Once saved (nothing left to lose), leaving asks nothing.
        dirty = false;
        navigation.NavigateTo("/projects");
        navigation.Uri.ShouldEndWith("/projects");
        confirm.Invocations.Count.ShouldBe(1);
    }

    [Fact]
    public void A_form_snapshot_sees_changes_deep_in_lists_and_forgets_them_once_taken_again()
    {
        var snapshot = new FormSnapshot();
        var form = new { Name = "Cut-over", Phases = new List<string> { "Build" } };
        snapshot.Differs(form).ShouldBeFalse("nothing loaded yet, nothing to lose");
        snapshot.Take(form);
        snapshot.Differs(form).ShouldBeFalse();
        form.Phases.Add("Test");
        snapshot.Differs(form).ShouldBeTrue();
        snapshot.Take(form);
        snapshot.Differs(form).ShouldBeFalse();
    }

    [Fact]
    public void Leaving_with_changes_goes_when_the_person_says_yes()
    {
        JSInterop.Setup<bool>("confirm", UnsavedChangesGuard.Question).SetResult(true);
        Render<UnsavedChangesGuard>(p => p.Add(x => x.IsDirty, () => true));
        var navigation = Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("/billing");

        navigation.Uri.ShouldEndWith("/billing");
    }
}
