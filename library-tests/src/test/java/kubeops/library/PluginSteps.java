package kubeops.library;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The pipeline steps a Jenkins plugin defines, read from its Java sources the way Jenkins binds them: a concrete subclass of
 * {@code Step}; its name from the descriptor's {@code @Symbol} or {@code getFunctionName()} (a string literal or a constant,
 * or a field of a descriptor base class set from the literal the descriptor passes to {@code super(...)});
 * its parameters from the {@code @DataBoundConstructor} (required) and the {@code @DataBoundSetter} methods and fields of the
 * class and its superclasses (optional). The library tests register exactly these, so a parameter renamed in the plugin fails
 * the var that still passes the old name. A step class whose name cannot be read is an error, never silently left out.
 */
public final class PluginSteps {

    /** One step: its name, class, parameters (name -> Java type as written, required ones first) and whether it takes a body. */
    public record Step(String name, String stepClass, Map<String, String> parameters, List<String> required, boolean takesBody) {
    }

    private final Map<String, List<ClassOrInterfaceDeclaration>> classes = new LinkedHashMap<>();

    private PluginSteps() {
    }

    /** The steps defined under a source root (e.g. {@code plugin/src/main/java}), by name. */
    public static Map<String, Step> read(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("no plugin sources at " + sourceRoot.toAbsolutePath()
                    + ": run the library tests from the repository root (library-tests/pom.xml sets the working directory)");
        }
        PluginSteps reader = new PluginSteps();
        reader.parseAll(sourceRoot);
        return reader.steps();
    }

    private void parseAll(Path root) {
        JavaParser parser = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                ParseResult<CompilationUnit> result = parser.parse(file);
                if (!result.isSuccessful() || result.getResult().isEmpty()) {
                    throw new IllegalStateException("cannot parse " + file + ": " + result.getProblems());
                }
                for (ClassOrInterfaceDeclaration type : result.getResult().get().findAll(ClassOrInterfaceDeclaration.class)) {
                    classes.computeIfAbsent(type.getNameAsString(), name -> new ArrayList<>()).add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Step> steps() {
        Map<String, Step> steps = new TreeMap<>();
        classes.values().stream().flatMap(List::stream)
                .filter(type -> !type.isInterface() && !type.isAbstract() && extendsType(type, "Step"))
                .forEach(type -> {
                    Step step = step(type);
                    Step clash = steps.put(step.name(), step);
                    if (clash != null) {
                        throw new IllegalStateException("two step classes are named '" + step.name() + "': " + clash.stepClass()
                                + " and " + step.stepClass());
                    }
                });
        return steps;
    }

    private Step step(ClassOrInterfaceDeclaration type) {
        ClassOrInterfaceDeclaration descriptor = type.getMembers().stream()
                .filter(member -> member instanceof ClassOrInterfaceDeclaration)
                .map(member -> (ClassOrInterfaceDeclaration) member)
                .filter(member -> extendsType(member, "StepDescriptor"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("step " + qualified(type)
                        + " has no nested StepDescriptor: teach PluginSteps where its descriptor is"));
        String name = functionName(descriptor).orElseThrow(() -> new IllegalStateException("cannot read the name of step "
                + qualified(type) + ": its descriptor has neither @Symbol nor a getFunctionName() returning a literal or constant"));
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ConstructorDeclaration constructor : type.getConstructors()) {
            if (constructor.getAnnotationByName("DataBoundConstructor").isPresent()) {
                for (Parameter parameter : constructor.getParameters()) {
                    parameters.put(parameter.getNameAsString(), parameter.getTypeAsString());
                    required.add(parameter.getNameAsString());
                }
            }
        }
        for (ClassOrInterfaceDeclaration level = type; level != null; level = superclass(level).orElse(null)) {
            for (MethodDeclaration method : level.getMethods()) {
                if (method.getAnnotationByName("DataBoundSetter").isPresent()) {
                    String setter = method.getNameAsString();
                    if (!setter.startsWith("set") || setter.length() == 3 || method.getParameters().size() != 1) {
                        throw new IllegalStateException("@DataBoundSetter " + setter + " in " + qualified(level)
                                + " is not a setter setX(value)");
                    }
                    parameters.putIfAbsent(decapitalize(setter.substring(3)), method.getParameter(0).getTypeAsString());
                }
            }
            for (FieldDeclaration field : level.getFields()) {
                if (field.getAnnotationByName("DataBoundSetter").isPresent()) {
                    for (VariableDeclarator variable : field.getVariables()) {
                        parameters.putIfAbsent(variable.getNameAsString(), variable.getTypeAsString());
                    }
                }
            }
        }
        boolean takesBody = methodReturning(descriptor, "takesImplicitBlockArgument")
                .filter(value -> value instanceof BooleanLiteralExpr literal && literal.getValue()).isPresent();
        return new Step(name, qualified(type), parameters, List.copyOf(required), takesBody);
    }

    private Optional<String> functionName(ClassOrInterfaceDeclaration descriptor) {
        Optional<AnnotationExpr> symbol = descriptor.getAnnotationByName("Symbol");
        if (symbol.isPresent()) {
            Expression value = symbol.get() instanceof SingleMemberAnnotationExpr single ? single.getMemberValue()
                    : symbol.get() instanceof NormalAnnotationExpr normal ? normal.getPairs().stream()
                            .filter(pair -> pair.getNameAsString().equals("value")).map(pair -> pair.getValue()).findFirst().orElse(null)
                            : null;
            if (value instanceof ArrayInitializerExpr array && !array.getValues().isEmpty()) {
                value = array.getValues().get(0);
            }
            Optional<String> name = constant(value, descriptor);
            if (name.isPresent()) {
                return name;
            }
        }
        Optional<Expression> returned = methodReturning(descriptor, "getFunctionName");
        Optional<String> name = returned.flatMap(value -> constant(value, descriptor));
        return name.isPresent() ? name : returned.flatMap(value -> passedToSuperclass(value, descriptor));
    }

    /**
     * A descriptor base class that returns a field its constructor sets from a parameter ({@code this.functionName =
     * functionName}), and the descriptor that passes a literal or constant in {@code super(...)}: that argument.
     */
    private Optional<String> passedToSuperclass(Expression returned, ClassOrInterfaceDeclaration descriptor) {
        String field = returned instanceof NameExpr name ? name.getNameAsString()
                : returned instanceof FieldAccessExpr access && access.getScope().isThisExpr() ? access.getNameAsString() : null;
        Optional<ClassOrInterfaceDeclaration> base = superclass(descriptor);
        if (field == null || base.isEmpty()) {
            return Optional.empty();
        }
        for (ConstructorDeclaration baseConstructor : base.get().getConstructors()) {
            Optional<Integer> index = parameterAssignedTo(baseConstructor, field);
            if (index.isEmpty()) {
                continue;
            }
            for (ConstructorDeclaration constructor : descriptor.getConstructors()) {
                Optional<String> value = constructor.getBody().findAll(ExplicitConstructorInvocationStmt.class).stream()
                        .filter(call -> !call.isThis() && call.getArguments().size() == baseConstructor.getParameters().size())
                        .map(call -> call.getArgument(index.get()))
                        .map(argument -> constant(argument, descriptor))
                        .flatMap(Optional::stream).findFirst();
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** The index of the constructor parameter assigned to the field ({@code this.field = parameter} or {@code field = parameter}). */
    private static Optional<Integer> parameterAssignedTo(ConstructorDeclaration constructor, String field) {
        for (AssignExpr assignment : constructor.getBody().findAll(AssignExpr.class)) {
            Expression target = assignment.getTarget();
            boolean toField = target instanceof FieldAccessExpr access && access.getScope().isThisExpr()
                    && access.getNameAsString().equals(field) || target instanceof NameExpr name && name.getNameAsString().equals(field);
            if (toField && assignment.getValue() instanceof NameExpr value) {
                for (int i = 0; i < constructor.getParameters().size(); i++) {
                    if (constructor.getParameter(i).getNameAsString().equals(value.getNameAsString())) {
                        return Optional.of(i);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The expression a no-argument method returns, looked up in the class and then its superclasses. */
    private Optional<Expression> methodReturning(ClassOrInterfaceDeclaration type, String name) {
        for (ClassOrInterfaceDeclaration level = type; level != null; level = superclass(level).orElse(null)) {
            for (MethodDeclaration method : level.getMethodsByName(name)) {
                if (method.getParameters().isEmpty() && method.getBody().isPresent()) {
                    List<ReturnStmt> returns = method.getBody().get().findAll(ReturnStmt.class);
                    if (returns.size() == 1 && returns.get(0).getExpression().isPresent()) {
                        return returns.get(0).getExpression();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A string literal, or a static final String field with a literal value in this class, an enclosing one, or a named one. */
    private Optional<String> constant(Expression expression, ClassOrInterfaceDeclaration context) {
        if (expression instanceof StringLiteralExpr literal) {
            return Optional.of(literal.asString());
        }
        if (expression instanceof NameExpr name) {
            for (ClassOrInterfaceDeclaration scope = context; scope != null;
                    scope = scope.findAncestor(ClassOrInterfaceDeclaration.class).orElse(null)) {
                Optional<String> value = stringField(scope, name.getNameAsString());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        if (expression instanceof FieldAccessExpr access && access.getScope() instanceof NameExpr owner) {
            return classes.getOrDefault(owner.getNameAsString(), List.of()).stream()
                    .map(type -> stringField(type, access.getNameAsString())).flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    private static Optional<String> stringField(ClassOrInterfaceDeclaration type, String name) {
        return type.getFieldByName(name)
                .filter(field -> field.hasModifier(Modifier.Keyword.STATIC) && field.hasModifier(Modifier.Keyword.FINAL))
                .flatMap(field -> field.getVariables().stream().filter(v -> v.getNameAsString().equals(name)).findFirst())
                .flatMap(VariableDeclarator::getInitializer)
                .filter(Expression::isStringLiteralExpr)
                .map(value -> value.asStringLiteralExpr().asString());
    }

    /** Whether the class extends the named class, directly or through classes of these sources. */
    private boolean extendsType(ClassOrInterfaceDeclaration type, String simpleName) {
        for (ClassOrInterfaceDeclaration level = type; level != null; level = superclass(level).orElse(null)) {
            for (ClassOrInterfaceType extended : level.getExtendedTypes()) {
                if (extended.getNameAsString().equals(simpleName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<ClassOrInterfaceDeclaration> superclass(ClassOrInterfaceDeclaration type) {
        if (type.isInterface() || type.getExtendedTypes().isEmpty()) {
            return Optional.empty();
        }
        List<ClassOrInterfaceDeclaration> candidates = classes.getOrDefault(type.getExtendedTypes(0).getNameAsString(), List.of());
        if (candidates.size() > 1) {
            throw new IllegalStateException("superclass " + type.getExtendedTypes(0) + " of " + qualified(type)
                    + " is ambiguous in the plugin sources: " + candidates.stream().map(PluginSteps::qualified).toList());
        }
        return candidates.stream().findFirst();
    }

    private static String qualified(ClassOrInterfaceDeclaration type) {
        return type.getFullyQualifiedName().orElse(type.getNameAsString());
    }

    /** As java.beans.Introspector names a property: setURL -> URL, setDryRun -> dryRun. */
    static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
