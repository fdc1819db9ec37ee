using System.Reflection;
using System.Runtime.Loader;

namespace Psa.Web.Hosting;

/// <summary>
/// Microsoft.AspNetCore.OpenApi 9.0.22 was built against Microsoft.OpenApi 1.6.31, which our package
/// source lacks; 1.6.30 is API-identical but has a lower assembly version, so the runtime refuses it.
/// This lets the 1.6.30 we ship answer for it (docs/decisions/005-openapi-assembly.md).
/// </summary>
internal static class OpenApiAssemblyResolver
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name != "Microsoft.OpenApi" || name.Version?.Major != 1)
            {
                return null;
            }

            var path = Path.Combine(AppContext.BaseDirectory, "Microsoft.OpenApi.dll");
            return File.Exists(path) && AssemblyName.GetAssemblyName(path).Version?.Major == 1
                ? context.LoadFromAssemblyPath(path)
                : null;
        };
    }
}
