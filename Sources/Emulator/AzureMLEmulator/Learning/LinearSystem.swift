/// A square linear system `A x = b`, solved by Gaussian elimination with partial pivoting.
///
/// The learners only solve small systems (one unknown per feature plus the intercept), so a dense
/// O(n³) solve is the simple and exact choice.
struct LinearSystem {
    /// Row-major `n × n` matrix.
    var matrix: [[Double]]
    /// Right-hand side, length `n`.
    var rightHandSide: [Double]

    /// The solution, or `nil` when the matrix is singular to working precision.
    func solve() -> [Double]? {
        let size = rightHandSide.count
        var a = matrix
        var b = rightHandSide
        let scale = a.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for column in 0..<size {
            var pivot = column
            for row in (column + 1)..<size where abs(a[row][column]) > abs(a[pivot][column]) {
                pivot = row
            }
            guard abs(a[pivot][column]) > scale * 1e-13 else { return nil }
            if pivot != column {
                a.swapAt(pivot, column)
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<size {
                let factor = a[row][column] / a[column][column]
                guard factor != 0 else { continue }
                for inner in column..<size { a[row][inner] -= factor * a[column][inner] }
                b[row] -= factor * b[column]
            }
        }
        var solution = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = b[row]
            for inner in (row + 1)..<size { sum -= a[row][inner] * solution[inner] }
            solution[row] = sum / a[row][row]
        }
        return solution
    }
}

/// The design matrix of a learning problem: a leading 1 for the intercept, then the features.
enum DesignMatrix {
    /// `Xᵀ W X + λ I'` and `Xᵀ W z` for weights `w` and targets `z`, where `I'` leaves the intercept
    /// unregularised.
    static func weightedNormalEquations(
        features: [[Double]], targets: [Double], weights: [Double]? = nil, ridge: Double
    ) -> LinearSystem {
        let size = (features.first?.count ?? 0) + 1
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        var rightHandSide = [Double](repeating: 0, count: size)
        for (index, row) in features.enumerated() {
            let weight = weights?[index] ?? 1
            let x = [1.0] + row
            for i in 0..<size {
                let weighted = weight * x[i]
                rightHandSide[i] += weighted * targets[index]
                for j in i..<size { matrix[i][j] += weighted * x[j] }
            }
        }
        for i in 0..<size {
            for j in 0..<i { matrix[i][j] = matrix[j][i] }
            if i > 0 { matrix[i][i] += ridge }
        }
        return LinearSystem(matrix: matrix, rightHandSide: rightHandSide)
    }
}
