package dev.rstat;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
class PlaceholderTest { @Test void runs() { assertThat(1 + 1).isEqualTo(2); } }
