using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Psa.Infrastructure.Identity;

/// <summary>Random tokens that are shown once and stored only as a hash.</summary>
public static class SecretTokens
{
    public static string New(string prefix) =>
        prefix + Random();

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A fresh random value, 256 bits, URL-safe.</summary>
    public static string Random() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Base64UrlEncode(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
