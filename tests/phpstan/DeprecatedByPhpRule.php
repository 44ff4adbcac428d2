<?php
/**
 * Calls and constants that PHP itself deprecates in the version PHPStan checks against.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\PHPStan;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Identifier;
use PhpParser\Node\Name;
use PHPStan\Analyser\Scope;
use PHPStan\Php\PhpVersion;
use PHPStan\Reflection\ReflectionProvider;
use PHPStan\Rules\Rule;
use PHPStan\Rules\RuleErrorBuilder;

/**
 * PHPStan knows from PHP's own stubs what each PHP version deprecates (mysqli_ping() in 8.4,
 * strftime() in 8.1, ...) but reports it only with an extension the registry here does not
 * serve; this rule reports PHP's own functions, methods and constants only, not WordPress's.
 *
 * @implements Rule<Expr>
 */
final class DeprecatedByPhpRule implements Rule {

	public function __construct(
		private readonly ReflectionProvider $reflection,
		private readonly PhpVersion $php
	) {
	}

	public function getNodeType(): string {
		return Expr::class;
	}

	public function processNode( Node $node, Scope $scope ): array {
		$name = $this->deprecated_name( $node, $scope );
		if ( null === $name ) {
			return array();
		}
		return array(
			RuleErrorBuilder::message( sprintf( '%s is deprecated in PHP %s.', $name, $this->php->getVersionString() ) )
				->identifier( 'siteBackups.deprecatedByPhp' )
				->build(),
		);
	}

	/**
	 * The name of what the node uses, when PHP deprecates it in the checked version.
	 */
	private function deprecated_name( Expr $node, Scope $scope ): ?string {
		if ( $node instanceof Expr\FuncCall && $node->name instanceof Name && $this->reflection->hasFunction( $node->name, $scope ) ) {
			$function = $this->reflection->getFunction( $node->name, $scope );
			return $function->isBuiltin() && $function->isDeprecated()->yes() ? $function->getName() . '()' : null;
		}
		if ( ( $node instanceof Expr\MethodCall || $node instanceof Expr\NullsafeMethodCall ) && $node->name instanceof Identifier ) {
			$method = $scope->getMethodReflection( $scope->getType( $node->var ), $node->name->toString() );
			return null !== $method && $method->getDeclaringClass()->isBuiltin() && $method->isDeprecated()->yes()
				? $method->getDeclaringClass()->getName() . '::' . $method->getName() . '()'
				: null;
		}
		if ( $node instanceof Expr\StaticCall && $node->class instanceof Name && $node->name instanceof Identifier ) {
			$class = $scope->resolveName( $node->class );
			if ( ! $this->reflection->hasClass( $class ) || ! $this->reflection->getClass( $class )->hasMethod( $node->name->toString() ) ) {
				return null;
			}
			$method = $this->reflection->getClass( $class )->getMethod( $node->name->toString(), $scope );
			return $method->getDeclaringClass()->isBuiltin() && $method->isDeprecated()->yes()
				? $method->getDeclaringClass()->getName() . '::' . $method->getName() . '()'
				: null;
		}
		if ( $node instanceof Expr\ConstFetch && $this->reflection->hasConstant( $node->name, $scope ) ) {
			$constant = $this->reflection->getConstant( $node->name, $scope );
			// PHP's own constants come from PHP's stubs inside PHPStan; WordPress's from its stubs.
			$builtin = null === $constant->getFileName() || str_contains( $constant->getFileName(), '/jetbrains/phpstorm-stubs/' );
			return $builtin && $constant->isDeprecated()->yes() ? $constant->getName() : null;
		}
		if ( $node instanceof Expr\ClassConstFetch && $node->class instanceof Name && $node->name instanceof Identifier ) {
			$class = $scope->resolveName( $node->class );
			if ( ! $this->reflection->hasClass( $class ) || ! $this->reflection->getClass( $class )->hasConstant( $node->name->toString() ) ) {
				return null;
			}
			$constant = $this->reflection->getClass( $class )->getConstant( $node->name->toString() );
			return $constant->getDeclaringClass()->isBuiltin() && $constant->isDeprecated()->yes()
				? $constant->getDeclaringClass()->getName() . '::' . $constant->getName()
				: null;
		}
		return null;
	}
}
