package kubeops.library;

import java.util.Set;

/** Hides the precompiled copies of the library's classes, so that a script engine compiles them from src/ itself. */
public final class HidingClassLoader extends ClassLoader {

    private final Set<String> hidden;

    public HidingClassLoader(ClassLoader parent, Set<String> hidden) {
        super(parent);
        this.hidden = Set.copyOf(hidden);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        int inner = name.indexOf('$');
        if (hidden.contains(inner < 0 ? name : name.substring(0, inner))) {
            throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
    }
}
