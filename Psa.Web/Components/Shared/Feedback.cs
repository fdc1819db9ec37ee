using MudBlazor;

namespace Psa.Web.Components.Shared;

/// <summary>The product's toasts and confirmations, one wording style for every page.</summary>
public static class Feedback
{
    /// <summary>A toast: "Title — detail".</summary>
    public static void Notify(this ISnackbar snackbar, Severity severity, string title, string? detail = null) =>
        snackbar.Add(string.IsNullOrWhiteSpace(detail) ? title : $"{title} — {detail}", severity);

    /// <summary>Asks before a destructive step; true only when the person chose <paramref name="ok"/>.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string message, string title, string ok, string cancel = "Cancel") =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: ok, cancelText: cancel) == true;
}
