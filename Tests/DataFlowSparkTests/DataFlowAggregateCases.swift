/// Aggregate functions in aggregate transformations and window functions in window
/// transformations, with values worked out by hand from the definitions in ADF's documentation.
enum DataFlowAggregateCases {
    static let all: [DataFlowCase] = [statistics, counting, ranking, movingWindow]

    /// v = 1, 3 and null; w = 2.0, 6.0 and null: mean 2, sample variance 2, population variance 1,
    /// population covariance 2 (w is 2v), excess kurtosis -2, skewness 0.
    static let statistics = DataFlowCase(
        name: "statistical aggregates",
        script: """
            source(output(
            		v as integer,
            		w as double
            	),
            	allowSchemaDrift: false,
            	validateSchema: false) ~> Values
            Values aggregate(stddev1 = stddev(v),
            	stddevSample1 = stddevSample(v),
            	stddevPopulation1 = stddevPopulation(v),
            	variance1 = variance(v),
            	varianceSample1 = varianceSample(v),
            	variancePopulation1 = variancePopulation(v),
            	stddevIf1 = stddevIf(v > 0, v),
            	stddevSampleIf1 = stddevSampleIf(v > 0, v),
            	stddevPopulationIf1 = stddevPopulationIf(v > 0, v),
            	varianceIf1 = varianceIf(v > 0, v),
            	varianceSampleIf1 = varianceSampleIf(v > 0, v),
            	variancePopulationIf1 = variancePopulationIf(v > 0, v),
            	kurtosis1 = kurtosis(v),
            	skewness1 = skewness(v),
            	kurtosisIf1 = kurtosisIf(v > 0, v),
            	skewnessIf1 = skewnessIf(v > 0, v),
            	covariancePopulation1 = covariancePopulation(v, w),
            	covarianceSample1 = covarianceSample(v, w),
            	avg1 = avg(v),
            	mean1 = mean(w),
            	avgIf1 = avgIf(v > 1, w),
            	meanIf1 = meanIf(v < 3, w)) ~> Stats
            Stats sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["Values": "v,w\n1,2.0\n3,6.0\n,\n"],
        expected: [
            "Out": "stddev1,stddevSample1,stddevPopulation1,variance1,varianceSample1,variancePopulation1,"
                + "stddevIf1,stddevSampleIf1,stddevPopulationIf1,varianceIf1,varianceSampleIf1,variancePopulationIf1,"
                + "kurtosis1,skewness1,kurtosisIf1,skewnessIf1,covariancePopulation1,covarianceSample1,avg1,mean1,avgIf1,meanIf1\n"
                + "1.4142135623730951,1.4142135623730951,1.0,2.0,2.0,1.0,"
                + "1.4142135623730951,1.4142135623730951,1.0,2.0,2.0,1.0,"
                + "-2.0,0.0,-2.0,0.0,2.0,4.0,2.0,4.0,6.0,2.0\n"
        ])

    /// Group a: v = 1, 3, null; group b: v = 5, 5. `collect` keeps nulls in ADF and drops them in
    /// Spark (docs/data-flows.md), so the collected values here are never null.
    static let counting = DataFlowCase(
        name: "counting, summing and collecting aggregates by group",
        script: """
            source(output(
            		g as string,
            		v as integer,
            		w as double
            	),
            	allowSchemaDrift: false,
            	validateSchema: false) ~> Values
            Values aggregate(groupBy(g),
            	count1 = count(),
            	count2 = count(v),
            	count3 = count(v, w),
            	countAll1 = countAll(v),
            	countDistinct1 = countDistinct(v),
            	countIf1 = countIf(v > 1),
            	countIf2 = countIf(v > 0, w),
            	approxDistinctCount1 = approxDistinctCount(v),
            	sum1 = sum(v),
            	sumDistinct1 = sumDistinct(v),
            	sumIf1 = sumIf(v > 1, v),
            	sumDistinctIf1 = sumDistinctIf(v > 0, v),
            	min1 = min(v),
            	max1 = max(v),
            	minIf1 = minIf(v > 1, v),
            	maxIf1 = maxIf(v < 5, v),
            	first1 = first(w),
            	last1 = last(w),
            	first2 = first(v, true()),
            	collect1 = size(collect(iifNull(w, 0.0))),
            	collectUnique1 = size(collectUnique(iifNull(v, 0)))) ~> Totals
            Totals sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["Values": "g,v,w\na,1,2.0\na,3,\na,,\nb,5,7.0\nb,5,7.0\n"],
        expected: [
            "Out": "g,count1,count2,count3,countAll1,countDistinct1,countIf1,countIf2,approxDistinctCount1,"
                + "sum1,sumDistinct1,sumIf1,sumDistinctIf1,min1,max1,minIf1,maxIf1,first1,last1,first2,collect1,collectUnique1\n"
                + "a,3,2,1,3,2,1,1,2,4,4,3,4,1,3,3,3,2.0,,1,3,3\n"
                + "b,2,2,2,2,1,2,2,1,10,5,10,5,5,5,5,,7.0,7.0,5,2,1\n"
        ],
        anyOrder: true)

    /// Group a: v = 10, 20, 20, 30; group b: v = 5.
    static let ranking = DataFlowCase(
        name: "window functions over a partition in order",
        script: """
            source(output(
            		g as string,
            		v as integer
            	),
            	allowSchemaDrift: false,
            	validateSchema: false) ~> Values
            Values window(over(g),
            	asc(v, true),
            	rowNumber1 = rowNumber(),
            	rank1 = rank(),
            	denseRank1 = denseRank(),
            	cumeDist1 = cumeDist(),
            	percentRank1 = percentRank(),
            	nTile1 = nTile(2),
            	lag1 = lag(v, 1),
            	lead1 = lead(v, 1, 0)) ~> Windowed
            Windowed sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["Values": "g,v\na,20\nb,5\na,30\na,10\na,20\n"],
        expected: [
            "Out": "g,v,rowNumber1,rank1,denseRank1,cumeDist1,percentRank1,nTile1,lag1,lead1\n"
                + "a,10,1,1,1,0.25,0.0,1,,20\n"
                + "a,20,2,2,2,0.75,0.3333333333333333,1,10,20\n"
                + "a,20,3,2,2,0.75,0.3333333333333333,2,20,30\n"
                + "a,30,4,4,3,1.0,1.0,2,20,0\n"
                + "b,5,1,1,1,1.0,0.0,1,,0\n"
        ],
        anyOrder: true)

    /// A frame of the row before and the current row: the sum of the previous and current v.
    static let movingWindow = DataFlowCase(
        name: "window with startRowOffset and endRowOffset",
        script: """
            source(output(
            		g as string,
            		d as integer,
            		v as integer
            	),
            	allowSchemaDrift: false,
            	validateSchema: false) ~> Values
            Values window(over(g),
            	asc(d, true),
            	startRowOffset: -1L,
            	endRowOffset: 0L,
            	pair = sum(v),
            	fewest = min(v),
            	rows = count()) ~> Moving
            Moving sink(allowSchemaDrift: true) ~> Out
            """,
        inputs: ["Values": "g,d,v\na,3,100\na,1,1\nb,1,7\na,2,10\n"],
        expected: [
            "Out": "g,d,v,pair,fewest,rows\na,1,1,1,1,1\na,2,10,11,1,2\na,3,100,110,10,2\nb,1,7,7,7,1\n"
        ],
        anyOrder: true)
}
