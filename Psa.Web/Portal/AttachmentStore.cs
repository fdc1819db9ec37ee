using Psa.Domain.Portal;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Portal;

/// <summary>Task and ticket attachments as files in the workspace's own data folder (<c>tenants/{slug}-files/attachments</c>).</summary>
public sealed class AttachmentStore(DatabaseLocator locator, TenantContext tenant)
{
    private string Folder => Path.Combine(locator.TenantFilesDirectory(tenant.Required.Slug), "attachments");

    public string PathOf(TaskAttachment attachment) => PathOf(attachment.StoredName);

    public Task SaveAsync(TaskAttachment attachment, Stream content, CancellationToken cancellationToken) =>
        SaveAsync(attachment.StoredName, attachment.FileName, content, cancellationToken);

    public Task SaveAsync(TicketAttachment attachment, Stream content, CancellationToken cancellationToken) =>
        SaveAsync(attachment.StoredName, attachment.FileName, content, cancellationToken);

    public Stream Open(TaskAttachment attachment) => File.OpenRead(PathOf(attachment.StoredName));

    public Stream Open(TicketAttachment attachment) => File.OpenRead(PathOf(attachment.StoredName));

    public void Delete(TaskAttachment attachment) => Delete(attachment.StoredName);

    public void Delete(TicketAttachment attachment) => Delete(attachment.StoredName);

    private string PathOf(string storedName) => Path.Combine(Folder, storedName);

    /// <summary>Copies at most the size limit; a longer stream is refused and nothing is kept.</summary>
    private async Task SaveAsync(string storedName, string fileName, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(storedName);
        var buffer = new byte[81920];
        long total = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > TaskAttachment.MaxBytes)
                {
                    break;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (total > TaskAttachment.MaxBytes)
        {
            File.Delete(path);
            throw new Psa.Domain.DomainException($"“{fileName}” is larger than {TaskAttachment.MaxBytes / (1024 * 1024)} MB.", "File");
        }
    }

    private void Delete(string storedName)
    {
        if (File.Exists(PathOf(storedName)))
        {
            File.Delete(PathOf(storedName));
        }
    }
}
