package io.vipwarden.events;

/**
 * The version of the event contract, carried in every record as the CloudEvents extension
 * attribute {@code schemaversion} ("major.minor"). A minor bump only adds optional fields, which
 * readers ignore; a reader refuses a major version it does not know (to the dead-letter topic).
 */
public final class SchemaVersion {
    public static final int CURRENT_MAJOR = 1;
    public static final int CURRENT_MINOR = 0;
    public static final String CURRENT = CURRENT_MAJOR + "." + CURRENT_MINOR;

    private SchemaVersion() {
    }

    /** @return the major part of "major.minor" (or of a bare "major") */
    static int major(String version) throws MalformedEventException {
        if (version == null || version.isBlank()) {
            throw new MalformedEventException("missing CloudEvents attribute 'schemaversion'");
        }
        String majorPart = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
        try {
            return Integer.parseInt(majorPart);
        } catch (NumberFormatException e) {
            throw new MalformedEventException("schemaversion '" + version + "' is not of the form major.minor");
        }
    }
}
