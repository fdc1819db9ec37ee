using Psa.Domain.Portal;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Portal;

/// <summary>Task attachments as files in the workspace's own data folder (<c>tenants/{slug}-files/attachments</c>).</summary>
public sealed class AttachmentStore(DatabaseLocator locator, TenantContext tenant)
{
    private string Folder => Path.Combine(locator.TenantsDirectory, tenant.Required.Slug.Value + "-files", "attachments");

    public string PathOf(TaskAttachment attachment) => Path.Combine(Folder, attachment.StoredName);

    /// <summary>Copies at most the declared size; a stream longer than declared (or than the limit) is refused.</summary>
    public async Task SaveAsync(TaskAttachment attachment, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(attachment);
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
            throw new Psa.Domain.DomainException($"“{attachment.FileName}” is larger than {TaskAttachment.MaxBytes / (1024 * 1024)} MB.", "File");
        }
    }

    public Stream Open(TaskAttachment attachment) => File.OpenRead(PathOf(attachment));

    public void Delete(TaskAttachment attachment)
    {
        if (File.Exists(PathOf(attachment)))
        {
            File.Delete(PathOf(attachment));
        }
    }
}
