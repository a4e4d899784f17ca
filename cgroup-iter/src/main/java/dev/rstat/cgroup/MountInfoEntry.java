package dev.rstat.cgroup;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/mountinfo} (see proc(5)), with the octal escapes ({@code \040} for a space,
 * {@code \011}, {@code \012}, {@code \134}) of the root, mount point and source decoded.
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 * </pre>
 *
 * @param mountId        unique id of the mount (1).
 * @param parentId       id of the parent mount (2).
 * @param device         {@code major:minor} of the file system (3).
 * @param root           path inside the file system that forms the root of this mount (4), decoded.
 * @param mountPoint     mount point relative to the process's root (5), decoded.
 * @param mountOptions   per-mount options (6).
 * @param optionalFields zero or more {@code tag[:value]} fields (7), such as {@code shared:1}.
 * @param fsType         file system type (9), e.g. {@code cgroup2}.
 * @param source         file-system-specific source (10), decoded.
 * @param superOptions   per-superblock options (11); for cgroup v1 they carry the controllers.
 */
public record MountInfoEntry(
    int mountId,
    int parentId,
    String device,
    String root,
    String mountPoint,
    List<String> mountOptions,
    List<String> optionalFields,
    String fsType,
    String source,
    List<String> superOptions)
{
    /**
     * Copies the lists so the record is immutable.
     */
    public MountInfoEntry
    {
        mountOptions = List.copyOf(mountOptions);
        optionalFields = List.copyOf(optionalFields);
        superOptions = List.copyOf(superOptions);
    }

    /**
     * Parses one mountinfo line.
     *
     * @param line       the text of the line, without the line terminator.
     * @param lineNumber 1-based line number, for messages.
     * @param file       name of the file, for messages.
     * @return the entry.
     * @throws IllegalArgumentException naming file, line and text if the line is malformed.
     */
    public static MountInfoEntry parse(final String line, final int lineNumber, final String file)
    {
        final String[] fields = line.trim().split(" +");
        int separator = -1;
        for (int i = 6; i < fields.length; i++)
        {
            if ("-".equals(fields[i]))
            {
                separator = i;
                break;
            }
        }
        if (fields.length < 10 || separator < 0 || fields.length - separator < 4)
        {
            throw malformed(file, lineNumber, line, "expected 6 fields, optional fields, '-', 3 fields");
        }
        try
        {
            final List<String> optional = new ArrayList<>();
            for (int i = 6; i < separator; i++)
            {
                optional.add(fields[i]);
            }
            return new MountInfoEntry(
                Integer.parseInt(fields[0]),
                Integer.parseInt(fields[1]),
                fields[2],
                unescape(fields[3]),
                unescape(fields[4]),
                List.of(fields[5].split(",")),
                optional,
                fields[separator + 1],
                unescape(fields[separator + 2]),
                List.of(fields[separator + 3].split(",")));
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(file, lineNumber, line, "mount id is not a number");
        }
    }

    /**
     * Decodes the kernel's octal escapes ({@code \ooo}, as written by {@code seq_escape}); any other backslash is
     * kept as is.
     *
     * @param field the raw field.
     * @return the decoded text (bytes decoded as UTF-8).
     */
    public static String unescape(final String field)
    {
        if (field.indexOf('\\') < 0)
        {
            return field;
        }
        final byte[] raw = field.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
        int i = 0;
        while (i < raw.length)
        {
            final byte b = raw[i];
            if (b == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) &&
                isOctal(raw[i + 3]))
            {
                out.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
                i += 4;
            }
            else
            {
                out.write(b);
                i++;
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isOctal(final byte b)
    {
        return b >= '0' && b <= '7';
    }

    private static IllegalArgumentException malformed(
        final String file, final int lineNumber, final String line, final String reason)
    {
        return new IllegalArgumentException(
            "malformed mountinfo line: file=" + file + " line=" + lineNumber + " text=" + line + " reason=" + reason);
    }
}
