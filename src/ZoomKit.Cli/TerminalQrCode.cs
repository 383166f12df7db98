using QRCoder;

namespace ZoomKit.Cli;

/// <summary>A QR code drawn with half-block characters, two modules a character high, dark on the terminal's light cells.</summary>
internal static class TerminalQrCode
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        // Small: half blocks, inverted so that it reads on dark terminals; with the quiet zone scanners need.
        return code.GetGraphicSmall(drawQuietZones: true, invert: true);
    }
}
