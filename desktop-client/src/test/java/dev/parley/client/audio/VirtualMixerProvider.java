package dev.parley.client.audio;

import javax.sound.sampled.Mixer;
import javax.sound.sampled.spi.MixerProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts {@link VirtualMicrophone} and {@link VirtualSpeaker} into {@link javax.sound.sampled.AudioSystem} for the tests
 * (registered in {@code META-INF/services/javax.sound.sampled.spi.MixerProvider} under src/test/resources). Stateless:
 * {@code AudioSystem} may make a new provider for every lookup, so which devices are present is read from the
 * mixers' static switches each time.
 */
public final class VirtualMixerProvider extends MixerProvider {
    @Override
    public Mixer.Info[] getMixerInfo() {
        List<Mixer.Info> infos = new ArrayList<>();
        if (VirtualMicrophone.present()) {
            infos.add(VirtualMicrophone.INFO);
        }
        if (VirtualSpeaker.present()) {
            infos.add(VirtualSpeaker.INFO);
        }
        return infos.toArray(new Mixer.Info[0]);
    }

    @Override
    public Mixer getMixer(Mixer.Info info) {
        if (info == VirtualMicrophone.INFO && VirtualMicrophone.present()) {
            return VirtualMicrophone.INSTANCE;
        }
        if (info == VirtualSpeaker.INFO && VirtualSpeaker.present()) {
            return VirtualSpeaker.INSTANCE;
        }
        throw new IllegalArgumentException("no such virtual mixer: " + info);
    }
}
